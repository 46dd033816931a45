package dev.deferred.reactor.task;

import static dev.deferred.reactor.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.deferred.Deferred;
import dev.deferred.reactor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LoopingCall.withCount: how many intervals elapsed (test_task.py's count tests). */
class LoopingCallWithCountTest {
    private final Clock clock = new Clock();
    private final List<String> calls = new ArrayList<>();

    private LoopingCall counting() {
        return LoopingCall.withCount(clock, n -> calls.add(clock.seconds() + ":" + n));
    }

    @Test
    void countsSkippedIntervals() {
        LoopingCall lc = counting();
        lc.start(Duration.ofMillis(500));
        assertEquals(List.of("0.0:1"), calls);
        clock.advance(0.51);
        assertEquals(List.of("0.0:1", "0.51:1"), calls);
        clock.advance(1.51);
        assertEquals(List.of("0.0:1", "0.51:1", "2.02:3"), calls);
        clock.advance(0);
        assertEquals(3, calls.size());
    }

    @Test
    void aLateCallWithinTheNextIntervalCountsOne() {
        LoopingCall lc = counting();
        lc.start(Duration.ofMillis(500));
        clock.advance(0.51);
        clock.advance(0.875);
        clock.advance(0.125);
        assertEquals(List.of("0.0:1", "0.51:1", "1.385:1", "1.51:1"), calls);
    }

    @Test
    void countsAddUpToTheElapsedIntervalsAndAreNeverZero() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(Duration.ofMillis(100), false);
        for (int i = 0; i < 10; i++) {
            clock.advance(0.1);
        }
        assertEquals(10, counts.stream().mapToInt(Integer::intValue).sum());
        assertFalse(counts.contains(0));
    }

    @Test
    void zeroIntervalAlwaysCountsOne() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            if (counts.size() > 4) {
                lc[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = lc[0].start(Duration.ZERO, false);
        clock.advance(0);
        successResultOf(d);
        assertEquals(List.of(1, 1, 1, 1, 1), counts);
    }

    @Test
    void zeroIntervalWaitingOnADeferredStillCountsOne() {
        List<Integer> counts = new ArrayList<>();
        Deferred<Void> wait = new Deferred<>();
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            if (counts.size() == 2) {
                return wait;
            }
            if (counts.size() > 4) {
                lc[0].stop();
            }
            return null;
        });
        lc[0].start(Duration.ZERO, false);
        clock.advance(0);
        assertEquals(List.of(1, 1), counts);
        clock.advance(2);
        assertEquals(List.of(1, 1), counts);
        wait.callback(null);
        clock.advance(0);
        assertEquals(List.of(1, 1, 1, 1, 1), counts);
    }

    @Test
    void aPendingDeferredSkipsCallsAndTheNextCountIncludesThem() {
        List<Integer> counts = new ArrayList<>();
        Deferred<Void> first = new Deferred<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            return counts.size() == 1 ? first : null;
        });
        lc.start(Duration.ofMillis(200), false);
        assertEquals(List.of(), counts);
        clock.pump(0.2, 0.4);
        assertEquals(List.of(1), counts);
        first.callback(null);
        clock.pump(0.2);
        assertEquals(List.of(1, 3), counts);
    }

    @Test
    void theCountRunsFromTheLastCallAcrossStopAndRestart() {
        // Twisted 22.4: calls at 0, 1, 2, stop, restart at 7 with now=True, call at 8 -> [1, 1, 1, 5, 1]
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(Duration.ofSeconds(1), true);
        clock.advance(1);
        clock.advance(1);
        lc.stop();
        clock.advance(5);
        lc.start(Duration.ofSeconds(1), true);
        clock.advance(1);
        lc.stop();
        assertEquals(List.of(1, 1, 1, 5, 1), counts);
    }

    @Test
    void aRestartWithinTheLastCallsIntervalSkipsTheCallThatCountsNothing() {
        // Twisted 22.4: calls at 0, 1, 2, stop, restart at 2.5 with now=True, then 3.5, 4.5 -> [1, 1, 1, 1, 1]
        // (the call at 2.5 counts no interval, so the function is not called)
        List<String> seen = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> seen.add(clock.seconds() + ":" + n));
        lc.start(Duration.ofSeconds(1), true);
        clock.advance(1);
        clock.advance(1);
        lc.stop();
        clock.advance(0.5);
        lc.start(Duration.ofSeconds(1), true);
        clock.advance(1);
        clock.advance(1);
        lc.stop();
        assertEquals(List.of("0.0:1", "1.0:1", "2.0:1", "3.5:1", "4.5:1"), seen);
    }
}
