package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import io.vavr.control.Try;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a Deferred's chain delivered and on which thread, recorded by a last callback (which leaves
 * the Deferred holding null, so a recorded failure is never reported as unhandled).
 */
record Outcome<T>(Try<T> result, Thread thread) {

    /** Bound of every wait in these tests: long enough for a loaded machine, never reached when green. */
    static final long WAIT_SECONDS = 10;

    /**
     * Starts recording {@code d}'s result; the returned future completes when the chain reaches it.
     * Call it before the Deferred fires when the thread matters: on a fired Deferred the recording
     * callback runs on the calling thread.
     */
    static <T> CompletableFuture<Outcome<T>> of(Deferred<T> d) {
        CompletableFuture<Outcome<T>> seen = new CompletableFuture<>();
        d.addBoth(t -> {
            seen.complete(new Outcome<>(t, Thread.currentThread()));
            return null;
        });
        return seen;
    }

    /** Something a test does that may throw, such as running a task on a {@link TestThread}. */
    interface Action {
        void run() throws Exception;
    }

    /**
     * Records {@code d}'s result, then does {@code fire}, then waits (bounded) for the result: the
     * recording callback is in place before the Deferred fires, so {@link #thread()} is the firing
     * thread.
     */
    static <T> Outcome<T> after(Deferred<T> d, Action fire) throws Exception {
        CompletableFuture<Outcome<T>> seen = of(d);
        fire.run();
        return seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** {@code d}'s result, which must already be there. */
    static <T> Outcome<T> now(Deferred<T> d) {
        CompletableFuture<Outcome<T>> seen = of(d);
        assertTrue(seen.isDone(), () -> "the Deferred had not fired: " + d);
        return seen.join();
    }

    T value() {
        assertTrue(result.isSuccess(), () -> "expected a value, got " + result);
        return result.get();
    }

    <E extends Throwable> E failure(Class<E> type) {
        assertTrue(result.isFailure(), () -> "expected a failure, got " + result);
        return assertInstanceOf(type, result.getCause());
    }
}
