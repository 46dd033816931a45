package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A cancel() that lands while a callback runs on another thread is remembered and applied when the
 * chain next waits on an inner Deferred; if the chain comes to rest with a result instead, it lapses.
 * The races are forced with latches: the callback blocks until cancel() (or the timer) has returned.
 */
class CancelWhileRunningTest {

    /** Fires {@code d} on a new thread and returns once its first callback has started. */
    private static Thread fireOnAnotherThread(Deferred<String> d, CountDownLatch inCallback) throws InterruptedException {
        Thread firer = new Thread(() -> d.callback("go"), "firer");
        firer.start();
        inCallback.await();
        return firer;
    }

    @Test
    void aCancelDuringACallbackReachesTheInnerDeferredItReturns() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicInteger innerCanceller = new AtomicInteger();
        Deferred<String> inner = new Deferred<>(self -> innerCanceller.incrementAndGet());
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(v -> {
            inCallback.countDown();
            cancelled.await();
            return inner;
        });
        Thread firer = fireOnAnotherThread(outer, inCallback);
        outer.cancel();
        cancelled.countDown();
        firer.join();
        assertEquals(1, innerCanceller.get(), "the inner Deferred the chain waits on was cancelled");
        assertTrue(inner.isCalled(), "the inner Deferred was cancelled (its result went on to the outer one)");
        failureResultOf(outer, CancellationException.class);
    }

    @Test
    void aCancelDuringACallbackAlsoReachesAnInnerDeferredALaterCallbackReturns() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallback(v -> {
            inCallback.countDown();
            cancelled.await();
            return v + "!";
        });
        outer.addCallbackDeferred(v -> inner);
        Thread firer = fireOnAnotherThread(outer, inCallback);
        outer.cancel();
        cancelled.countDown();
        firer.join();
        assertTrue(inner.isCalled(), "the inner Deferred was cancelled (its result went on to the outer one)");
        failureResultOf(outer, CancellationException.class);
    }

    @Test
    void aCancelDuringACallbackLapsesWhenTheChainComesToRestWithAValue() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        Deferred<String> outer = new Deferred<>();
        outer.addCallback(v -> {
            inCallback.countDown();
            cancelled.await();
            return v + "!";
        });
        Thread firer = fireOnAnotherThread(outer, inCallback);
        outer.cancel();
        cancelled.countDown();
        firer.join();
        assertEquals("go!", successResultOf(outer), "a cancel on a chain that ends with a value changes nothing");
        // The request lapsed: waiting on a new inner Deferred later does not cancel it.
        Deferred<String> later = new Deferred<>();
        outer.addCallbackDeferred(v -> later);
        assertFalse(later.isCalled(), "a lapsed cancel request is not applied to a later wait");
        later.callback("later");
        assertEquals("later", successResultOf(outer));
    }

    @Test
    void aCancelFromTheChainsOwnCallbackIsAppliedToTheInnerItReturns() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(v -> {
            outer.cancel();
            return inner;
        });
        outer.callback("go");
        assertTrue(inner.isCalled(), "the inner Deferred was cancelled (its result went on to the outer one)");
        failureResultOf(outer, CancellationException.class);
    }

    @Test
    void twoCancelsDuringOneCallbackCancelTheInnerOnce() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicInteger innerCanceller = new AtomicInteger();
        Deferred<String> inner = new Deferred<>(self -> innerCanceller.incrementAndGet());
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(v -> {
            inCallback.countDown();
            cancelled.await();
            return inner;
        });
        Thread firer = fireOnAnotherThread(outer, inCallback);
        outer.cancel();
        outer.cancel();
        cancelled.countDown();
        firer.join();
        assertEquals(1, innerCanceller.get());
        failureResultOf(outer, CancellationException.class);
    }

    // ------------------------------------------------------------------ addTimeout

    @Test
    void aDeadlinePassingWhileTheChainRunsToAValueDoesNotCallOnTimeoutCancel() throws Exception {
        TestClock clock = new TestClock();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch deadlinePassed = new CountDownLatch(1);
        List<String> onTimeout = new CopyOnWriteArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addCallback(v -> {                          // added before addTimeout: inside the timeout
            inCallback.countDown();
            deadlinePassed.await();
            return "fired in time";
        });
        d.addTimeout(Duration.ofSeconds(1), clock, (t, timeout) -> {
            onTimeout.add(String.valueOf(t));
            return "fallback";
        });
        Thread firer = fireOnAnotherThread(d, inCallback);
        clock.advance(1);                             // the timer runs here, on this thread
        deadlinePassed.countDown();
        firer.join();
        assertEquals(List.of(), onTimeout, "nothing was cancelled, so onTimeoutCancel is not called");
        assertEquals("fired in time", successResultOf(d));
    }

    @Test
    void aDeadlinePassingWhileACallbackRunsStillTimesOutTheInnerItReturns() throws Exception {
        TestClock clock = new TestClock();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch deadlinePassed = new CountDownLatch(1);
        Deferred<String> neverFires = new Deferred<>();
        Deferred<String> d = new Deferred<>();
        d.addCallbackDeferred(v -> {
            inCallback.countDown();
            deadlinePassed.await();
            return neverFires;
        });
        d.addTimeout(Duration.ofSeconds(1), clock);
        Thread firer = fireOnAnotherThread(d, inCallback);
        clock.advance(1);
        deadlinePassed.countDown();
        firer.join();
        assertTrue(neverFires.isCalled(), "the inner Deferred was cancelled");
        TimeoutException e = failureResultOf(d, TimeoutException.class);
        assertTrue(e.getCause() instanceof CancellationException, String.valueOf(e.getCause()));
    }

    @Test
    void aPausedFiredDeferredIsNotCancelledByItsDeadline() {
        TestClock clock = new TestClock();
        Deferred<String> d = new Deferred<>();
        d.pause();
        d.callback("value");
        d.addTimeout(Duration.ofSeconds(1), clock, (t, timeout) -> "fallback");
        clock.advance(1);
        assertNoResult(d);
        d.unpause();
        assertEquals("value", successResultOf(d));
    }
}
