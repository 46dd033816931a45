package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.future.ExecutorDeliveryTest.ManualExecutor;
import dev.deferred.testing.NoUnhandledErrorsExtension;
import io.vavr.control.Try;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancelling, from the Deferred side, a Deferred that follows a stage: the stage is cancelled when
 * it is a Future, the Deferred fails with CancellationException, and the stage's answer to the
 * cancellation never fires the Deferred a second time.
 */
@ExtendWith(NoUnhandledErrorsExtension.class)
class StageCancellationTest {

    @Test
    void aStageThatNeverCompletesIsCancelledFromTheDeferred() {
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> downstream = never.thenApply(s -> s + "!");
        Deferred<String> d = DeferredFutures.fromCompletionStage(never);
        d.cancel();
        assertTrue(never.isCancelled());
        Outcome.now(d).failure(CancellationException.class);
        assertInstanceOf(CancellationException.class, downstream.handle((v, t) -> t.getCause()).join(),
                "the stage's own dependents see it too");
    }

    @Test
    void cancellingTwiceCancelsOnce() {
        AtomicInteger cancels = new AtomicInteger();
        CompletableFuture<String> never = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancels.incrementAndGet();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        Deferred<String> d = DeferredFutures.fromCompletionStage(never);
        d.cancel();
        d.cancel();
        assertEquals(1, cancels.get());
        Outcome.now(d).failure(CancellationException.class);
    }

    @Test
    void cancellingAfterTheStageCompletedChangesNothing() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(f);
        f.complete("kept");
        d.cancel();
        assertFalse(f.isCancelled());
        assertEquals("kept", Outcome.now(d).value());
    }

    @Test
    void aMinimalStageCannotBeCancelledButTheDeferredIs() {
        CompletableFuture<String> behind = new CompletableFuture<>();
        ManualExecutor loop = new ManualExecutor();
        Deferred<String> d = DeferredFutures.fromCompletionStage(behind.minimalCompletionStage(), loop);
        d.cancel();
        Outcome.now(d).failure(CancellationException.class);
        assertFalse(behind.isDone(), "minimalCompletionStage() refuses cancel(), so its source runs on");
        behind.complete("too late");
        assertEquals(1, loop.runAll(), "the late result is delivered to the executor and dropped without an error");
        assertTrue(d.isCalled());
    }

    @Test
    void aStageThatIsNotAFutureIsLeftRunningAndItsLateResultDropped() {
        CompletableFuture<String> behind = new CompletableFuture<>();
        ManualExecutor loop = new ManualExecutor();
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletionStageToDeferredTest.notAFuture(behind), loop);
        CompletableFuture<Outcome<String>> seen = Outcome.of(d);
        d.cancel();
        seen.join().failure(CancellationException.class);
        assertFalse(behind.isDone(), "nothing can cancel a stage that is not a Future");
        behind.complete("late");
        assertEquals(1, loop.runAll(), "the late result is delivered to the executor and dropped without an error");
    }

    @Test
    void aCancelRacingTheResultFiresTheDeferredExactlyOnce() throws Exception {
        // Bounded: each round races one cancel against one completion on another thread.
        try (TestThread completer = new TestThread("completer"); TestThread loop = new TestThread("loop")) {
            for (int round = 0; round < 200; round++) {
                CompletableFuture<String> f = new CompletableFuture<>();
                Deferred<String> d = DeferredFutures.fromCompletionStage(f, loop);
                AtomicInteger outcomes = new AtomicInteger();
                CompletableFuture<Try<String>> first = new CompletableFuture<>();
                d.addBoth(t -> {
                    outcomes.incrementAndGet();
                    first.complete(t);
                    return null;
                });
                CountDownLatch go = new CountDownLatch(1);
                completer.execute(() -> {
                    awaitQuietly(go);
                    f.complete("value");
                });
                go.countDown();
                d.cancel();
                Try<String> result = first.get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS);
                loop.drain();
                completer.drain();
                assertEquals(1, outcomes.get(), "round " + round);
                assertTrue(result.isSuccess() ? "value".equals(result.get())
                        : result.getCause() instanceof CancellationException, "round " + round + ": " + result);
            }
            assertTrue(loop.taskFailures.isEmpty(), () -> "a late result raised: " + loop.taskFailures);
            assertTrue(completer.taskFailures.isEmpty(), () -> "completing raised: " + completer.taskFailures);
        }
    }

    @Test
    void theDeferredsCancellationIsTheStagesOwnWhenItAnswersAtOnce() {
        // Without an executor the cancelled stage reports back inside the canceller, and that
        // report is what fires the Deferred (a canceller may fire its Deferred).
        CompletableFuture<String> never = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(never);
        d.cancel();
        Throwable fromStage = never.handle((v, t) -> t).join();
        assertSame(fromStage, Outcome.now(d).failure(CancellationException.class));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Outcome.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
