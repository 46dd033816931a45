package dev.deferred.reactor.task;

import static dev.deferred.reactor.Results.assertNoResult;
import static dev.deferred.reactor.Results.failureResultOf;
import static dev.deferred.reactor.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.FatalErrorException;
import dev.deferred.reactor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's LoopingCall semantics (test_task.py LoopTests and ReactorLoopTests), on a Clock. */
class LoopingCallTest {
    private final Clock clock = new Clock();
    private final List<Double> times = new ArrayList<>();

    private static Duration secs(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    @Test
    void startCallsAtOnceThenEveryInterval() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        Deferred<LoopingCall> d = lc.start(secs(0.1));
        assertEquals(List.of(0.0), times);
        clock.pump(0.05, 0.1, 0.1);
        // Due at 0.1 and 0.2; each runs inside the advance that passes its time.
        assertEquals(List.of(0.0, 0.15, 0.25), times);
        assertNoResult(d);
        lc.stop();
        assertSame(lc, successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    private int ticks;

    private void tick() {
        ticks++;
    }

    @Test
    void aSideEffectNeedsNoReturnNull() {
        // Each of these compiles only because of the Runnable-shaped constructor.
        LoopingCall byLambda = new LoopingCall(clock, () -> tick());
        LoopingCall byReference = new LoopingCall(clock, this::tick);
        byLambda.start(Duration.ofSeconds(1));
        byReference.start(Duration.ofSeconds(1));
        clock.advance(1);
        assertEquals(4, ticks, "both ran at start and after one interval");
        byLambda.stop();
        byReference.stop();
    }

    @Test
    void theIssuesPrintlnTickCompilesAndTicks() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            LoopingCall lc = new LoopingCall(clock, () -> System.out.println("tick"));
            Deferred<LoopingCall> d = lc.start(Duration.ofSeconds(1));
            clock.advance(1);
            lc.stop();
            assertSame(lc, successResultOf(d));
        } finally {
            System.setOut(out);
        }
        assertEquals("tick" + System.lineSeparator() + "tick" + System.lineSeparator(), captured.toString());
    }

    @Test
    void aThrowingSideEffectStopsTheLoopAndFailsTheStartDeferred() {
        LoopingCall lc = new LoopingCall(clock, () -> {
            tick();
            if (ticks == 2) {
                throw new java.io.IOException("second tick broke");
            }
        });
        Deferred<LoopingCall> d = lc.start(Duration.ofSeconds(1));
        clock.advance(1);
        failureResultOf(d, java.io.IOException.class);
        assertFalse(lc.isRunning());
        assertThrows(NullPointerException.class, () -> new LoopingCall(clock, (io.vavr.CheckedRunnable) null));
    }

    @Test
    void delayedStartWaitsOneInterval() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        Deferred<LoopingCall> d = lc.start(secs(0.1), false);
        assertEquals(List.of(), times);
        clock.pump(0.05, 0.1, 0.1);
        assertEquals(List.of(0.15, 0.25), times);
        lc.stop();
        assertSame(lc, successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void negativeIntervalAndDoubleStartAreErrors() {
        LoopingCall lc = new LoopingCall(clock, () -> null);
        assertThrows(IllegalArgumentException.class, () -> lc.start(Duration.ofSeconds(-1)));
        assertFalse(lc.isRunning());
        lc.start(Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, () -> lc.start(Duration.ofSeconds(1)));
        lc.stop();
        assertThrows(IllegalStateException.class, lc::stop);
        assertThrows(IllegalStateException.class, lc::reset);
    }

    @Test
    void anIntervalTooLongToCountInNanosecondsIsRejectedClearly() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lc.start(Duration.ofSeconds(Long.MAX_VALUE)));
        assertTrue(e.getMessage().contains("too long") && e.getMessage().contains("292 years"), e.getMessage());
        assertFalse(lc.isRunning());
        assertEquals(List.of(), times, "nothing ran");
        assertEquals(List.of(), clock.getDelayedCalls(), "nothing left scheduled");
        lc.start(Duration.ofNanos(Long.MAX_VALUE)); // the longest that can be counted works
        clock.advance(Duration.ofDays(365L * 200));
        assertEquals(List.of(0.0), times);
        lc.stop();
    }

    @Test
    void stopBeforeTheFirstDelayedCallPreventsEveryCall() {
        for (double interval : new double[] {0, 10}) {
            LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
            lc.start(secs(interval), false);
            lc.stop();
            clock.advance(20);
            assertEquals(List.of(), times);
            assertEquals(List.of(), clock.getDelayedCalls());
        }
    }

    @Test
    void stopFromAnotherTimerPreventsLaterCalls() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(Duration.ofSeconds(1), false);
        clock.callLater(Duration.ZERO, lc::stop);
        clock.advance(5);
        assertEquals(List.of(), times);
    }

    @Test
    void missedIntervalsAreSkippedWhenTheClockJumps() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(secs(0.5));
        assertEquals(List.of(0.0), times);
        clock.advance(2);
        assertEquals(List.of(0.0, 2.0), times);
        clock.advance(1);
        assertEquals(List.of(0.0, 2.0, 3.0), times);
        clock.advance(0);
        assertEquals(List.of(0.0, 2.0, 3.0), times);
    }

    @Test
    void aSlowCallSkipsToTheNextBoundaryStrictlyInTheFuture() {
        double[] duration = {2};
        LoopingCall lc = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            clock.advance(duration[0]);
            return null;
        });
        lc.start(secs(0.5));
        assertEquals(List.of(0.0), times);
        assertEquals(2.0, clock.seconds());
        clock.advance(0);                       // 2.0 is the present, not the future: skipped
        assertEquals(List.of(0.0), times);
        duration[0] = 1;
        clock.advance(0.5);
        assertEquals(List.of(0.0, 2.5), times);
        assertEquals(3.5, clock.seconds());
        clock.advance(0);
        assertEquals(List.of(0.0, 2.5), times);
        duration[0] = 0;
        clock.advance(0.5);
        assertEquals(List.of(0.0, 2.5, 4.0), times);
    }

    @Test
    void aReturnedDeferredDelaysTheNextCallSoCallsNeverOverlap() {
        List<Deferred<Void>> pending = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        lc.start(Duration.ofSeconds(1));
        clock.advance(5);
        assertEquals(List.of(0.0), times);
        assertEquals(List.of(), clock.getDelayedCalls());
        pending.get(0).callback(null);           // at 5.0: the next boundary after 5 is 6
        clock.advance(1);
        assertEquals(List.of(0.0, 6.0), times);
    }

    @Test
    void stopWhileTheFunctionsDeferredIsPendingFiresWhenItFires() {
        Deferred<Void> inner = new Deferred<>();
        LoopingCall lc = new LoopingCall(clock, () -> inner);
        Deferred<LoopingCall> d = lc.start(Duration.ofSeconds(1));
        lc.stop();
        assertNoResult(d);
        inner.callback(null);
        assertSame(lc, successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stopInsideTheFunctionsDeferredLeavesNothingScheduled() {
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            Deferred<Void> d = new Deferred<>();
            d.addCallback(ignored -> {
                lc[0].stop();
                return null;
            });
            clock.callLater(Duration.ofSeconds(1), () -> d.callback(null));
            return d;
        });
        Deferred<LoopingCall> started = lc[0].start(secs(0.2));
        clock.pump(0.2, 0.8);
        assertEquals(List.of(), clock.getDelayedCalls());
        assertSame(lc[0], successResultOf(started));
    }

    @Test
    void anExceptionStopsTheLoopAndFailsTheStartDeferred() {
        LoopingCall lc = new LoopingCall(clock, () -> {
            throw new IllegalStateException("bar");
        });
        Deferred<LoopingCall> d = lc.start(secs(0.1));
        assertEquals("bar", failureResultOf(d, IllegalStateException.class).getMessage());
        assertFalse(lc.isRunning());
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stopThenThrowStillFailsTheStartDeferred() {
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            lc[0].stop();
            throw new IllegalStateException("bar");
        });
        Deferred<LoopingCall> d = lc[0].start(secs(0.1));
        failureResultOf(d, IllegalStateException.class);
    }

    @Test
    void aFailedDeferredStopsTheLoopAndFailsTheStartDeferred() {
        LoopingCall lc = new LoopingCall(clock, () -> {
            Deferred<Void> d = new Deferred<>();
            clock.callLater(secs(0.3), () -> d.errback(new IllegalStateException("later")));
            return d;
        });
        Deferred<LoopingCall> d = lc.start(Duration.ofSeconds(1));
        assertNoResult(d);
        clock.pump(0.3);
        failureResultOf(d, IllegalStateException.class);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void zeroIntervalRunsOncePerClockTurn() {
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            if (times.size() > 5) {
                lc[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = lc[0].start(Duration.ZERO);
        clock.advance(0);
        assertEquals(6, times.size());
        assertSame(lc[0], successResultOf(d));
    }

    @Test
    void resetRestartsTheIntervalFromNow() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(Duration.ofSeconds(2), false);
        clock.advance(1);
        lc.reset();
        clock.advance(1);
        assertEquals(List.of(), times);
        clock.advance(1);
        assertEquals(List.of(3.0), times);
        clock.advance(2);
        assertEquals(List.of(3.0, 5.0), times);
    }

    @Test
    void canBeStartedAgainAfterStop() {
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        assertEquals(null, lc.getInterval());
        lc.start(Duration.ofSeconds(1));
        lc.stop();
        assertEquals(Duration.ofSeconds(1), lc.getInterval());
        clock.advance(1);
        Deferred<LoopingCall> again = lc.start(Duration.ofSeconds(2));
        clock.advance(2);
        assertEquals(List.of(0.0, 1.0, 3.0), times);
        assertTrue(lc.isRunning());
        lc.stop();
        assertSame(lc, successResultOf(again));
    }

    @Test
    void aFatalThrowableFromTheFunctionEndsTheLoopAndFailsItsDeferredWrapped() {
        NoClassDefFoundError cause = new NoClassDefFoundError("com/example/Lazy");
        int[] calls = {0};
        LoopingCall lc = new LoopingCall(clock, () -> {
            if (++calls[0] == 2) {
                throw cause;
            }
        });
        Deferred<LoopingCall> d = lc.start(secs(1));
        clock.advance(secs(1));
        FatalErrorException e = failureResultOf(d, FatalErrorException.class);
        assertSame(cause, e.getCause());
        assertFalse(lc.isRunning());
        clock.advance(secs(5));
        assertEquals(2, calls[0]);
    }
}
