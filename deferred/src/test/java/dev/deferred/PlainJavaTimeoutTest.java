package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Try;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timeouts without a reactor: addTimeout(Duration) on the library's daemon timer, and
 * ReactorTime.of(ScheduledExecutorService). Nothing here asserts timing: firing is awaited with
 * latches (bounded, so a broken timer fails the test instead of hanging it), and "did not fire" is
 * checked on calls due in an hour, whose entries are seen leaving the executor's queue.
 */
class PlainJavaTimeoutTest {
    private static final long WAIT_SECONDS = 30;

    private final BlockingQueue<Throwable> uncaught = new ArrayBlockingQueue<>(4);
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "test-scheduler");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        return t;
    });

    {
        executor.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    /** Records the outcome and the thread it arrived on, and counts down. */
    private static final class Arrival<T> {
        final CountDownLatch latch = new CountDownLatch(1);
        volatile Try<T> outcome;
        volatile Thread thread;

        void await() throws InterruptedException {
            assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "the timeout never fired");
        }

        void accept(Try<T> t) {
            outcome = t;
            thread = Thread.currentThread();
            latch.countDown();
        }
    }

    /** Blocks the (single) thread behind {@code time} until the returned latch is counted down. */
    private static CountDownLatch holdThread(ReactorTime time) {
        CountDownLatch gate = new CountDownLatch(1);
        time.callLater(Duration.ZERO, () -> {
            try {
                gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return gate;
    }

    @Test
    void addTimeoutWithoutAReactorFailsWithTimeoutExceptionOnTheLibrarysDaemonTimer() throws Exception {
        Deferred<String> d = new Deferred<>();
        Arrival<String> arrival = new Arrival<>();
        // Hold the timer thread until the observer is added, so that the deadline cannot pass
        // before it (on a loaded machine 20 ms can).
        CountDownLatch gate = holdThread(ExecutorTime.Shared.TIME);
        d.addTimeout(Duration.ofMillis(20)).onComplete(arrival::accept);
        gate.countDown();
        arrival.await();
        TimeoutException e = assertInstanceOf(TimeoutException.class, arrival.outcome.getCause());
        assertInstanceOf(CancellationException.class, e.getCause());
        assertEquals("deferred-timer", arrival.thread.getName(), "the chain runs on the timer thread, as documented");
        assertTrue(arrival.thread.isDaemon(), "the timer never keeps the JVM alive");
    }

    @Test
    void addTimeoutWithoutAReactorLetsAnEarlierResultThrough() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofHours(1));
        assertNoResult(d);
        d.callback("in time");
        assertEquals("in time", successResultOf(d));
    }

    @Test
    void reactorTimeOfAnExecutorTimesOutOnTheExecutorsThread() throws Exception {
        ReactorTime time = ReactorTime.of(executor);
        Deferred<String> d = new Deferred<>();
        Arrival<String> arrival = new Arrival<>();
        CountDownLatch gate = holdThread(time);
        d.addTimeout(Duration.ofMillis(1), time).onComplete(arrival::accept);
        gate.countDown();
        arrival.await();
        assertInstanceOf(TimeoutException.class, arrival.outcome.getCause());
        assertEquals("test-scheduler", arrival.thread.getName());
    }

    @Test
    void aResultInTimeCancelsTheExecutorsEntry() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofHours(1), ReactorTime.of(executor));
        assertEquals(1, executor.getQueue().size(), "the deadline is scheduled on the executor");
        d.callback("in time");
        assertEquals(0, executor.getQueue().size(), "firing in time removed the deadline");
        assertEquals("in time", successResultOf(d));
    }

    @Test
    void delayedCallsOfReactorTimeOfFollowTheDelayedCallContract() throws Exception {
        ReactorTime time = ReactorTime.of(executor);
        CountDownLatch ran = new CountDownLatch(1);
        DelayedCall call = time.callLater(Duration.ofHours(1), ran::countDown);
        assertTrue(call.active());
        assertTrue(call.getTime() - time.seconds() > 3500, "due in about an hour on the same clock");

        call.reset(Duration.ZERO);
        assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS), "reset(0) made it due now");
        assertFalse(call.active());
        assertThrows(DelayedCallAlreadyCalledException.class, call::cancel);
        assertThrows(DelayedCallAlreadyCalledException.class, () -> call.reset(Duration.ofSeconds(1)));

        DelayedCall cancelled = time.callLater(Duration.ofHours(1), () -> {
            throw new AssertionError("a cancelled call ran");
        });
        cancelled.cancel();
        assertFalse(cancelled.active());
        assertEquals(0, executor.getQueue().size(), "cancelling removed the executor's entry");
        assertThrows(DelayedCallAlreadyCancelledException.class, cancelled::cancel);
        assertThrows(DelayedCallAlreadyCancelledException.class, () -> cancelled.delay(Duration.ofSeconds(1)));

        CountDownLatch delayedRan = new CountDownLatch(1);
        DelayedCall moved = time.callLater(Duration.ofHours(1), delayedRan::countDown);
        moved.delay(Duration.ofHours(-2));
        assertTrue(delayedRan.await(WAIT_SECONDS, TimeUnit.SECONDS), "delay(-2h) made it due now");
    }

    @Test
    void anExceptionFromAScheduledCallReachesTheThreadsUncaughtHandler() throws Exception {
        IllegalStateException boom = new IllegalStateException("from a scheduled call");
        ReactorTime.of(executor).callLater(Duration.ZERO, () -> {
            throw boom;
        });
        assertSame(boom, uncaught.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void callLaterOfReactorTimeOfRejectsBadInput() {
        ReactorTime time = ReactorTime.of(executor);
        assertThrows(IllegalArgumentException.class, () -> time.callLater(Duration.ofSeconds(-1), () -> { }));
        assertThrows(NullPointerException.class, () -> time.callLater(null, () -> { }));
        assertThrows(NullPointerException.class, () -> time.callLater(Duration.ZERO, null));
        assertEquals(0, executor.getQueue().size());
    }
}
