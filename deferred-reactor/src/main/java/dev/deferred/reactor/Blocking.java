package dev.deferred.reactor;

import dev.deferred.Deferred;
import io.vavr.CheckedFunction0;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code blockingCallFromThread}: run on the reactor thread, wait on the caller's. */
final class Blocking {
    private Blocking() {
    }

    static <T> T call(SelectReactor reactor, CheckedFunction0<? extends Deferred<? extends T>> fn) throws Exception {
        if (reactor.isInReactorThread()) {
            throw new IllegalStateException(
                    "blockingCallFromThread: called on the reactor thread, which would wait for itself; call fn directly");
        }
        if (reactor.isStopped()) {
            throw new IllegalStateException("blockingCallFromThread: the reactor has stopped");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            Deferred<? extends T> d;
            try {
                d = fn.apply();
            } catch (Throwable e) {
                result.completeExceptionally(e);
                return;
            }
            if (d == null) {
                result.completeExceptionally(new NullPointerException("blockingCallFromThreadDeferred: fn returned null"));
                return;
            }
            d.addBoth(t -> {
                if (t.isSuccess()) {
                    result.complete(t.get());
                } else {
                    result.completeExceptionally(t.getCause());
                }
                return null;
            });
        });
        try {
            while (true) {
                try {
                    return result.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // A reactor that stops drops the calls it has not run: do not wait forever.
                    if (reactor.isStopped() && !result.isDone()) {
                        throw new IllegalStateException("blockingCallFromThread: the reactor stopped before it ran the call");
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
