package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Try;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** addTimeout with a deterministic fake clock (Twisted items 28-31). */
class DeferredTimeoutTest {
    private final TestClock clock = new TestClock();

    @Test
    void timesOutAtTheDeadlineWithTimeoutException() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        d.addTimeout(Duration.ofSeconds(10), clock);
        clock.advance(9.999);
        assertNoResult(d);
        assertEquals(0, cancellerCalls.get());
        clock.advance(0.001);
        assertEquals(1, cancellerCalls.get(), "a timeout is a cancel()");
        TimeoutException e = failureResultOf(d, TimeoutException.class);
        assertInstanceOf(CancellationException.class, e.getCause());
        assertTrue(e.getMessage().contains("PT10S"), e.getMessage());
    }

    @Test
    void aZeroTimeoutFiresOnTheClocksNextTurn() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ZERO, clock);
        assertNoResult(d);
        clock.advance(0);
        failureResultOf(d, TimeoutException.class);
    }

    @Test
    void aResultBeforeTheDeadlinePassesAndStopsTheTimer() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(5), clock);
        assertEquals(1, clock.getDelayedCalls().size());
        d.callback("in time");
        assertEquals(List.of(), clock.getDelayedCalls(), "the timer was cancelled");
        clock.advance(10);
        assertEquals("in time", successResultOf(d));
    }

    @Test
    void addTimeoutOnAnAlreadyFiredDeferredPassesTheResultAndStartsNoLastingTimer() {
        Deferred<String> d = Deferred.succeed("already");
        d.addTimeout(Duration.ofSeconds(1), clock);
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(2);
        assertEquals("already", successResultOf(d));
    }

    @Test
    void aFailureBeforeTheDeadlinePassesAsItIs() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(5), clock);
        IOException boom = new IOException("early");
        d.errback(boom);
        assertEquals(List.of(), clock.getDelayedCalls());
        assertSame(boom, failureResultOf(d, IOException.class));
    }

    @Test
    void aManualCancelStopsTheTimerAndStaysACancellation() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(5), clock);
        d.cancel();
        assertEquals(List.of(), clock.getDelayedCalls());
        failureResultOf(d, CancellationException.class);
    }

    @Test
    void aCancellerThatCallsBackPassesThroughOnTimeout() {
        Deferred<String> d = new Deferred<>(self -> self.callback("partial result"));
        d.addTimeout(Duration.ofSeconds(1), clock);
        clock.advance(1);
        assertEquals("partial result", successResultOf(d));
    }

    @Test
    void onTimeoutCancelDecidesTheResultOnTimeout() {
        List<Object> args = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(2), clock, (result, timeout) -> {
            args.add(result.isFailure() ? result.getCause().getClass() : result.get());
            args.add(timeout);
            return "default";
        });
        clock.advance(2);
        assertEquals(List.of(CancellationException.class, Duration.ofSeconds(2)), args);
        assertEquals("default", successResultOf(d));
    }

    @Test
    void onTimeoutCancelMayThrow() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(2), clock, (result, timeout) -> {
            throw new IOException("gave up after " + timeout);
        });
        clock.advance(2);
        assertEquals("gave up after PT2S", failureResultOf(d, IOException.class).getMessage());
    }

    @Test
    void onTimeoutCancelIsNotCalledOnAManualCancelOrAnEarlyResult() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<String> cancelled = new Deferred<>();
        cancelled.addTimeout(Duration.ofSeconds(2), clock, (Try<String> r, Duration t) -> {
            calls.incrementAndGet();
            return "x";
        });
        cancelled.cancel();
        Deferred<String> early = new Deferred<>();
        early.addTimeout(Duration.ofSeconds(2), clock, (Try<String> r, Duration t) -> {
            calls.incrementAndGet();
            return "x";
        });
        early.callback("ok");
        clock.advance(5);
        assertEquals(0, calls.get());
        failureResultOf(cancelled, CancellationException.class);
        assertEquals("ok", successResultOf(early));
    }

    @Test
    void onlyCallbacksAddedBeforeAreInsideTheTimeout() {
        List<String> log = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addErrback(e -> {
            log.add("before: " + e.getClass().getSimpleName());
            throw e;
        });
        d.addTimeout(Duration.ofSeconds(1), clock);
        d.addErrback(e -> {
            log.add("after: " + e.getClass().getSimpleName());
            return "handled";
        });
        clock.advance(1);
        // As Twisted 22.4 prints: [('before', 'CancelledError'), ('after', 'TimeoutError')]
        assertEquals(List.of("before: CancellationException", "after: TimeoutException"), log);
    }

    @Test
    void timeoutsDueAtTheSameTimeFireInTheOrderTheyWereAdded() {
        List<String> order = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            Deferred<String> d = new Deferred<>();
            d.addTimeout(Duration.ofSeconds(1), clock).addErrback(TimeoutException.class, e -> {
                order.add(name);
                return name;
            });
        }
        clock.advance(1);
        assertEquals(List.of("first", "second", "third"), order);
    }

    @Test
    void aTimeoutOfAWaitingDeferredCancelsTheAwaitedOne() {
        AtomicInteger innerCancelled = new AtomicInteger();
        Deferred<String> inner = new Deferred<>(self -> innerCancelled.incrementAndGet());
        Deferred<String> outer = Deferred.succeed(0).addCallbackDeferred(x -> inner);
        outer.addTimeout(Duration.ofSeconds(3), clock);
        clock.advance(3);
        assertEquals(1, innerCancelled.get());
        failureResultOf(outer, TimeoutException.class);
    }

    @Test
    void aFiredDeferredStillWaitingOnAnInnerCanTimeOut() {
        // The outer fired before addTimeout, but the inner it waits on has not: the result has not
        // reached the timeout's steps yet, so the timer still runs.
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback("go");
        outer.addTimeout(Duration.ofSeconds(1), clock);
        clock.advance(1);
        failureResultOf(outer, TimeoutException.class);
    }
}
