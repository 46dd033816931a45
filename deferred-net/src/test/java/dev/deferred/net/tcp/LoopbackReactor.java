package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.deferred.Deferred;
import dev.deferred.reactor.SelectReactor;
import io.vavr.CheckedFunction0;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A SelectReactor running on its own thread for a network test, with bounded waits: every wait
 * gives up after {@link #WAIT_SECONDS}, and {@link #close()} stops the reactor and joins its thread.
 */
public final class LoopbackReactor implements AutoCloseable {
    public static final long WAIT_SECONDS = 30;

    public final SelectReactor reactor = new SelectReactor();
    public final TcpReactor tcp = new TcpReactor(reactor);
    private final Thread thread = new Thread(reactor::run, "test-reactor");

    /** What ended run() by an exception (a loop-ending error), completed when it does. */
    final CompletableFuture<Throwable> crashed = new CompletableFuture<>();

    public LoopbackReactor() {
        thread.setUncaughtExceptionHandler((t, e) -> crashed.complete(e));
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code fn} on the reactor thread and returns its value (or throws its exception). */
    public <T> T call(CheckedFunction0<T> fn) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                f.complete(fn.apply());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return get(f);
    }

    /** Runs {@code fn} on the reactor thread and waits for the Deferred it returns. */
    public <T> T await(CheckedFunction0<Deferred<T>> fn) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                fn.apply().addBoth(r -> {
                    if (r.isSuccess()) {
                        f.complete(r.get());
                    } else {
                        f.completeExceptionally(r.getCause());
                    }
                    return null;
                });
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return get(f);
    }

    /** Waits for {@code f}, rethrowing the exception it completed with. */
    public static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("nothing happened within " + WAIT_SECONDS + " s", e);
        }
    }

    /** Waits for {@code f} and returns the exception it failed with. */
    public static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            get(f);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure, got " + f.join());
    }

    @Override
    public void close() throws InterruptedException {
        reactor.callFromThread(reactor::stop);
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(thread.isAlive(), "the reactor did not stop");
    }
}
