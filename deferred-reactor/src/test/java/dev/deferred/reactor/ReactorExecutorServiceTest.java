package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reactor as a ScheduledExecutorService: everything runs on the reactor thread. */
class ReactorExecutorServiceTest {
    private static final long BOUND = ReactorThread.BOUND_SECONDS;

    @Test
    void completableFutureStagesRunOnTheReactorThread() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            ScheduledExecutorService loop = rt.reactor.asScheduledExecutorService();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            int v = CompletableFuture.supplyAsync(() -> {
                threads.add(Thread.currentThread());
                return 20;
            }, loop).thenApplyAsync(x -> {
                threads.add(Thread.currentThread());
                return x + 1;
            }, loop).get(BOUND, TimeUnit.SECONDS);
            assertEquals(21, v);
            assertEquals(List.of(rt.thread, rt.thread), threads);
        }
    }

    @Test
    void scheduleRunsLaterAndReturnsTheValue() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            ScheduledExecutorService loop = rt.reactor.asScheduledExecutorService();
            ScheduledFuture<Thread> f = loop.schedule(Thread::currentThread, 5, TimeUnit.MILLISECONDS);
            assertSame(rt.thread, f.get(BOUND, TimeUnit.SECONDS));
            ScheduledFuture<Object> failing = loop.schedule(() -> {
                throw new IllegalStateException("inside");
            }, 1, TimeUnit.MILLISECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(BOUND, TimeUnit.SECONDS));
            assertEquals("inside", e.getCause().getMessage());
        }
    }

    @Test
    void aCancelledScheduledTaskNeverRunsAndLeavesNoTimer() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            ScheduledExecutorService loop = rt.reactor.asScheduledExecutorService();
            List<String> ran = new CopyOnWriteArrayList<>();
            ScheduledFuture<?> f = loop.schedule(() -> ran.add("ran"), 1, TimeUnit.DAYS);
            assertTrue(f.cancel(false));
            assertTrue(f.isCancelled());
            // Two turns later the timer is gone from the reactor's heap.
            rt.reactor.blockingCallFromThread(() -> null);
            assertEquals(0, (int) rt.reactor.blockingCallFromThread(rt.reactor::getPendingTimerCount));
            assertEquals(List.of(), ran);
        }
    }

    @Test
    void periodicTasksRepeatUntilCancelled() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            ScheduledExecutorService loop = rt.reactor.asScheduledExecutorService();
            CountDownLatch fiveRate = new CountDownLatch(5);
            CountDownLatch fiveDelay = new CountDownLatch(5);
            ScheduledFuture<?> rate = loop.scheduleAtFixedRate(fiveRate::countDown, 0, 1, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> delay = loop.scheduleWithFixedDelay(fiveDelay::countDown, 0, 1, TimeUnit.MILLISECONDS);
            assertTrue(fiveRate.await(BOUND, TimeUnit.SECONDS));
            assertTrue(fiveDelay.await(BOUND, TimeUnit.SECONDS));
            assertTrue(rate.cancel(false));
            assertTrue(delay.cancel(false));
            assertTrue(rate.isCancelled() && delay.isCancelled());
        }
    }

    @Test
    void shutdownRefusesNewTasksAndTerminatesWhenTheRestHaveRun() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            ScheduledExecutorService loop = rt.reactor.asScheduledExecutorService();
            CountDownLatch ran = new CountDownLatch(1);
            loop.schedule(ran::countDown, 2, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> periodic = loop.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.DAYS);
            loop.shutdown();
            assertTrue(loop.isShutdown());
            assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
            assertTrue(loop.awaitTermination(BOUND, TimeUnit.SECONDS));
            assertEquals(0, ran.getCount(), "a delayed one-shot task still runs after shutdown");
            assertTrue(periodic.isCancelled(), "periodic tasks are cancelled by shutdown");
            assertTrue(loop.isTerminated());
            assertTrue(rt.reactor.isRunning(), "shutting the view down does not stop the reactor");
        }
    }

    @Test
    void shutdownNowCancelsWhatHasNotStarted() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            ScheduledExecutorService loop = rt.reactor.asScheduledExecutorService();
            ScheduledFuture<?> later = loop.schedule(() -> { }, 1, TimeUnit.DAYS);
            List<Runnable> never = loop.shutdownNow();
            assertEquals(1, never.size());
            assertTrue(later.isCancelled());
            assertTrue(loop.awaitTermination(BOUND, TimeUnit.SECONDS));
        }
    }
}
