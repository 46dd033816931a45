package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Which thread a Deferred made from a stage fires on: the completing thread without an executor,
 * the executor's thread with one (the way a reactor gets callbacks onto its own thread).
 * {@link ReactorDeliveryTest} does the same with a real reactor.
 */
class ExecutorDeliveryTest {

    @Test
    void withoutAnExecutorCallbacksRunOnTheCompletingThread() throws Exception {
        try (TestThread completer = new TestThread("completer")) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> d = DeferredFutures.fromCompletionStage(f);
            Outcome<String> seen = Outcome.after(d, () -> completer.run(() -> f.complete("hi")));
            assertEquals("hi", seen.value());
            assertSame(completer.thread(), seen.thread());
        }
    }

    @Test
    void withAnExecutorCallbacksRunOnTheExecutorThread() throws Exception {
        try (TestThread completer = new TestThread("completer"); TestThread loop = new TestThread("loop")) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> d = DeferredFutures.fromCompletionStage(f, loop);
            Outcome<String> seen = Outcome.after(d, () -> completer.run(() -> f.complete("hop")));
            assertEquals("hop", seen.value());
            assertSame(loop.thread(), seen.thread());
        }
    }

    @Test
    void withAnExecutorAFailureArrivesUnwrappedOnTheExecutorThread() throws Exception {
        IOException boom = new IOException("far away");
        try (TestThread completer = new TestThread("completer"); TestThread loop = new TestThread("loop")) {
            CompletableFuture<String> source = new CompletableFuture<>();
            Deferred<String> d = DeferredFutures.fromCompletionStage(source.thenApply(s -> s), loop);
            Outcome<String> seen = Outcome.after(d, () -> completer.run(() -> source.completeExceptionally(boom)));
            assertSame(boom, seen.failure(IOException.class));
            assertSame(loop.thread(), seen.thread());
        }
    }

    @Test
    void anAlreadyCompletedStageStillFiresThroughTheExecutor() {
        ManualExecutor manual = new ManualExecutor();
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletableFuture.completedFuture("queued"), manual);
        assertFalse(d.isCalled(), "not fired on the calling thread");
        assertEquals(1, manual.runAll());
        assertEquals("queued", Outcome.now(d).value());
    }

    @Test
    void aRefusingExecutorFailsTheDeferredInsteadOfLosingIt() {
        IOException original = new IOException("the stage's own failure");
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletableFuture.failedFuture(original), refusing);
        RejectedExecutionException e = Outcome.now(d).failure(RejectedExecutionException.class);
        assertEquals("shut down", e.getCause().getMessage());
        assertSame(original, e.getSuppressed()[0]);
    }

    @Test
    void cancellingWithAnExecutorFailsAtOnceAndDropsTheLateEcho() {
        ManualExecutor manual = new ManualExecutor();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(f, manual);
        CompletableFuture<Outcome<String>> seen = Outcome.of(d);
        d.cancel();
        assertTrue(f.isCancelled());
        assertTrue(seen.isDone(), "the cancellation does not wait for the executor");
        seen.join().failure(CancellationException.class);
        // The stage's own cancellation now reaches the executor; running it must not fire again.
        assertEquals(1, manual.runAll());
    }

    @Test
    void cancellingWithAnExecutorOnAnotherThreadDropsTheEcho() throws Exception {
        try (TestThread loop = new TestThread("loop")) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> d = DeferredFutures.fromCompletionStage(f, loop);
            CompletableFuture<Outcome<String>> seen = Outcome.of(d);
            loop.run(d::cancel);
            loop.drain();
            assertTrue(f.isCancelled());
            assertSame(loop.thread(), seen.join().thread());
            seen.join().failure(CancellationException.class);
            assertTrue(loop.taskFailures.isEmpty(), () -> "a task failed: " + loop.taskFailures);
        }
    }

    @Test
    void firingTheAdaptersDeferredByHandIsReportedNotHidden() throws Exception {
        // The adapter alone fires its Deferred; a result that finds it fired without a
        // cancellation is a bug in the caller, and the executor sees the AlreadyCalledException.
        try (TestThread loop = new TestThread("loop")) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> d = DeferredFutures.fromCompletionStage(f, loop);
            d.callback("by hand");
            f.complete("from the stage");
            loop.drain();
            assertEquals(1, loop.taskFailures.size());
            assertInstanceOf(AlreadyCalledException.class, loop.taskFailures.get(0));
            assertEquals("by hand", Outcome.now(d).value());
        }
    }

    /** An executor that queues tasks until the test runs them, on the test thread. */
    static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs the queued tasks (and the ones they queue, up to a bound); returns how many ran. */
        int runAll() {
            int ran = 0;
            for (Runnable r; ran < 1_000 && (r = tasks.poll()) != null; ran++) {
                r.run();
            }
            return ran;
        }
    }
}
