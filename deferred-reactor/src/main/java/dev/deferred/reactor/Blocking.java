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

    /** Runs fn on the reactor thread; returns its value (a Deferred value is returned as is). */
    static <T> T value(SelectReactor reactor, CheckedFunction0<? extends T> fn) throws Exception {
        check(reactor);
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                result.complete(fn.apply());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return await(reactor, result);
    }

    /** Runs fn on the reactor thread; returns the result of the Deferred it returns. */
    static <T> T deferred(SelectReactor reactor, CheckedFunction0<? extends Deferred<? extends T>> fn) throws Exception {
        check(reactor);
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
        return await(reactor, result);
    }

    private static void check(SelectReactor reactor) {
        if (reactor.isOnReactorTurn()) {
            throw new IllegalStateException(
                    "blockingCallFromThread: called on the reactor thread, which would wait for itself; call fn directly");
        }
        if (reactor.isStopped()) {
            throw new IllegalStateException("blockingCallFromThread: the reactor has stopped");
        }
    }

    private static <T> T await(SelectReactor reactor, CompletableFuture<T> result) throws Exception {
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
