package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a SelectReactor on its own thread for a test: started and known to be running on
 * construction; {@link #close()} stops it (if still running) and joins with a bound.
 */
final class ReactorThread implements AutoCloseable {
    static final long BOUND_SECONDS = 30;

    final SelectReactor reactor;
    final Thread thread;
    final AtomicReference<Throwable> crashed = new AtomicReference<>();

    ReactorThread(SelectReactor reactor) throws InterruptedException {
        this.reactor = reactor;
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(() -> {
            try {
                reactor.run();
            } catch (Throwable e) {
                crashed.set(e);
            }
        }, "test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(BOUND_SECONDS, TimeUnit.SECONDS), "reactor did not start");
    }

    ReactorThread() throws InterruptedException {
        this(new SelectReactor());
    }

    /** Waits (bounded) for run() to return. */
    void join() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(thread.isAlive(), "reactor thread did not end");
    }

    @Override
    public void close() throws InterruptedException {
        try {
            reactor.stop();
        } catch (ReactorNotRunningException alreadyStopping) {
            // the test stopped it itself
        }
        join();
    }
}
