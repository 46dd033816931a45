package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.DelayedCall;
import dev.deferred.DelayedCallAlreadyCalledException;
import dev.deferred.DelayedCallAlreadyCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's task.Clock semantics (test_task.py ClockTests). */
class ClockTest {
    private final Clock clock = new Clock();
    private final List<String> log = new ArrayList<>();

    private Runnable logTime(String name) {
        return () -> log.add(name + "@" + clock.seconds());
    }

    @Test
    void secondsStartsAtZeroAndMovesOnlyWithAdvance() {
        assertEquals(0.0, clock.seconds());
        clock.advance(1.5);
        assertEquals(1.5, clock.seconds());
        clock.advance(Duration.ofMillis(250));
        assertEquals(1.75, clock.seconds());
    }

    @Test
    void repeatedSmallAdvancesAddUpExactly() {
        for (int i = 0; i < 10; i++) {
            clock.advance(0.1);
        }
        assertEquals(1.0, clock.seconds());
    }

    @Test
    void callLaterRunsWhenDueAndNotBefore() {
        DelayedCall c = clock.callLater(Duration.ofSeconds(1), logTime("a"));
        assertEquals(1.0, c.getTime());
        clock.advance(0.999);
        assertEquals(List.of(), log);
        assertTrue(c.active());
        clock.advance(0.001);
        assertEquals(List.of("a@1.0"), log);
        assertFalse(c.active());
    }

    @Test
    void cancelledCallNeverRunsAndLeavesTheClock() {
        DelayedCall c = clock.callLater(Duration.ofSeconds(1), logTime("a"));
        c.cancel();
        assertFalse(c.active());
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(2);
        assertEquals(List.of(), log);
    }

    @Test
    void callsDueAtTheSameTimeRunInSchedulingOrder() {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            clock.callLater(Duration.ofSeconds(1), logTime(n));
        }
        clock.advance(1);
        assertEquals(List.of("a@1.0", "b@1.0", "c@1.0", "d@1.0", "e@1.0"), log);
    }

    @Test
    void advanceRunsEveryDueCallEarliestFirst() {
        clock.callLater(Duration.ofSeconds(3), logTime("c"));
        clock.callLater(Duration.ofSeconds(1), logTime("a"));
        clock.callLater(Duration.ofSeconds(2), logTime("b"));
        clock.advance(5);
        // Time moves first, then the calls run: each sees the new time.
        assertEquals(List.of("a@5.0", "b@5.0", "c@5.0"), log);
    }

    @Test
    void callScheduledDuringAdvanceThatIsAlreadyDueRunsInTheSameAdvance() {
        clock.callLater(Duration.ofSeconds(1), () -> {
            log.add("first");
            clock.callLater(Duration.ZERO, () -> log.add("zero"));
            clock.callLater(Duration.ofSeconds(5), () -> log.add("later"));
        });
        clock.advance(2);
        assertEquals(List.of("first", "zero"), log);
        assertEquals(1, clock.getDelayedCalls().size());
    }

    @Test
    void cancellingACallFromAnEarlierCallInTheSameAdvancePreventsIt() {
        DelayedCall[] b = new DelayedCall[1];
        clock.callLater(Duration.ofSeconds(1), () -> b[0].cancel());
        b[0] = clock.callLater(Duration.ofSeconds(2), logTime("b"));
        clock.advance(3);
        assertEquals(List.of(), log);
    }

    @Test
    void aCallIsMarkedCalledBeforeItRuns() {
        DelayedCall[] self = new DelayedCall[1];
        List<Throwable> thrown = new ArrayList<>();
        self[0] = clock.callLater(Duration.ofSeconds(1), () -> {
            assertFalse(self[0].active());
            thrown.add(assertThrows(DelayedCallAlreadyCalledException.class, self[0]::cancel));
        });
        clock.advance(1);
        assertEquals(1, thrown.size());
    }

    @Test
    void delayMovesTheCallLater() {
        DelayedCall c = clock.callLater(Duration.ofSeconds(1), logTime("a"));
        clock.advance(0.5);
        c.delay(Duration.ofSeconds(1));
        assertEquals(2.0, c.getTime());
        clock.advance(1);
        assertEquals(List.of(), log);
        clock.advance(0.5);
        assertEquals(List.of("a@2.0"), log);
    }

    @Test
    void resetLaterAndSooner() {
        DelayedCall later = clock.callLater(Duration.ofSeconds(2), logTime("later"));
        DelayedCall sooner = clock.callLater(Duration.ofSeconds(5), logTime("sooner"));
        clock.advance(1);
        later.reset(Duration.ofSeconds(3));      // now due at 4
        sooner.reset(Duration.ofSeconds(1));     // now due at 2
        assertEquals(4.0, later.getTime());
        assertEquals(2.0, sooner.getTime());
        clock.advance(1);
        assertEquals(List.of("sooner@2.0"), log);
        clock.advance(2);
        assertEquals(List.of("sooner@2.0", "later@4.0"), log);
    }

    @Test
    void resetBeforeANewCallKeepsOrder() {
        DelayedCall a = clock.callLater(Duration.ofSeconds(1), logTime("a"));
        a.reset(Duration.ofSeconds(3));
        clock.callLater(Duration.ofSeconds(2), logTime("b"));
        clock.pump(1, 1, 1);
        assertEquals(List.of("b@2.0", "a@3.0"), log);
    }

    @Test
    void resetAfterANewCallKeepsOrder() {
        DelayedCall a = clock.callLater(Duration.ofSeconds(1), logTime("a"));
        clock.callLater(Duration.ofSeconds(2), logTime("b"));
        a.reset(Duration.ofSeconds(3));
        clock.pump(1, 1, 1);
        assertEquals(List.of("b@2.0", "a@3.0"), log);
    }

    @Test
    void resetInsideACallKeepsOrder() {
        DelayedCall b = clock.callLater(Duration.ofSeconds(2), logTime("b"));
        clock.callLater(Duration.ofSeconds(1), () -> b.reset(Duration.ofSeconds(3)));
        clock.callLater(Duration.ofSeconds(3), logTime("c"));
        clock.pump(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertEquals(List.of("c@3.0", "b@4.0"), log);
    }

    @Test
    void afterTheFactCancelResetDelayRaise() {
        DelayedCall called = clock.callLater(Duration.ofSeconds(1), () -> { });
        clock.advance(1);
        assertThrows(DelayedCallAlreadyCalledException.class, called::cancel);
        assertThrows(DelayedCallAlreadyCalledException.class, () -> called.reset(Duration.ofSeconds(1)));
        assertThrows(DelayedCallAlreadyCalledException.class, () -> called.delay(Duration.ofSeconds(1)));

        DelayedCall cancelled = clock.callLater(Duration.ofSeconds(1), () -> { });
        cancelled.cancel();
        assertThrows(DelayedCallAlreadyCancelledException.class, cancelled::cancel);
        assertThrows(DelayedCallAlreadyCancelledException.class, () -> cancelled.reset(Duration.ofSeconds(1)));
        assertThrows(DelayedCallAlreadyCancelledException.class, () -> cancelled.delay(Duration.ofSeconds(1)));
    }

    @Test
    void getDelayedCallsListsPendingCallsEarliestFirst() {
        assertEquals(List.of(), clock.getDelayedCalls());
        DelayedCall c = clock.callLater(Duration.ofSeconds(3), () -> { });
        DelayedCall a = clock.callLater(Duration.ofSeconds(1), () -> { });
        DelayedCall b = clock.callLater(Duration.ofSeconds(2), () -> { });
        assertEquals(List.of(a, b, c), clock.getDelayedCalls());
        clock.advance(1);
        assertEquals(List.of(b, c), clock.getDelayedCalls());
    }

    @Test
    void anExceptionFromACallPropagatesAndLaterCallsStayScheduled() {
        clock.callLater(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("boom");
        });
        clock.callLater(Duration.ofSeconds(1), logTime("b"));
        assertThrows(IllegalStateException.class, () -> clock.advance(1));
        assertEquals(List.of(), log);
        clock.advance(0);
        assertEquals(List.of("b@1.0"), log);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> clock.callLater(Duration.ofSeconds(-1), () -> { }));
        assertThrows(NullPointerException.class, () -> clock.callLater(null, () -> { }));
        assertThrows(NullPointerException.class, () -> clock.callLater(Duration.ZERO, null));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-0.5));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> clock.callLater(Duration.ofSeconds(1), () -> { }).reset(Duration.ofSeconds(-1)));
        assertEquals(0.0, clock.seconds());
    }

    @Test
    void aDelayTooLongToCountIsNeverAndDoesNotWrapIntoThePast() {
        clock.advance(1);
        DelayedCall huge = clock.callLater(Duration.ofNanos(Long.MAX_VALUE), logTime("huge"));
        clock.callLater(Duration.ofSeconds(Long.MAX_VALUE), logTime("huger"));
        clock.advance(0);
        clock.advance(Duration.ofDays(365L * 200));
        assertEquals(List.of(), log);
        assertTrue(huge.getTime() > 9e9, String.valueOf(huge.getTime()));
        huge.reset(Duration.ofNanos(Long.MAX_VALUE));
        clock.advance(1);
        assertEquals(List.of(), log);
    }

    // Ties after reset/delay, as Twisted 22.4's Clock orders them (its list is re-sorted stably in
    // callLater and advance only, so a moved call keeps its place in the list).

    @Test
    void aCallDelayedIntoATieStaysAheadOfTheCallItNowTiesWith() {
        DelayedCall a = clock.callLater(Duration.ofSeconds(1), logTime("a"));
        clock.callLater(Duration.ofSeconds(2), logTime("b"));
        a.delay(Duration.ofSeconds(1));
        clock.advance(2);
        assertEquals(List.of("a@2.0", "b@2.0"), log); // Twisted: ['a', 'b']
    }

    @Test
    void aCallResetIntoATieFromEarlierGoesAheadOfIt() {
        clock.callLater(Duration.ofSeconds(2), logTime("a"));
        DelayedCall b = clock.callLater(Duration.ofSeconds(1), logTime("b"));
        b.reset(Duration.ofSeconds(2));
        clock.advance(2);
        assertEquals(List.of("b@2.0", "a@2.0"), log); // Twisted: ['b', 'a']
    }

    @Test
    void callsMovedIntoOneTieFromEitherSideBetweenSortsKeepTheirListPlaces() {
        DelayedCall a = clock.callLater(Duration.ofSeconds(3), logTime("a"));
        DelayedCall b = clock.callLater(Duration.ofSeconds(1), logTime("b"));
        clock.callLater(Duration.ofSeconds(2), logTime("x"));
        a.reset(Duration.ofSeconds(2));   // from behind x: goes behind it
        b.delay(Duration.ofSeconds(1));   // from ahead of x: stays ahead of it
        clock.advance(2);
        assertEquals(List.of("b@2.0", "x@2.0", "a@2.0"), log); // Twisted: ['b', 'x', 'a']
    }

    @Test
    void twoCallsMovedLaterIntoOneTieKeepTheirOldOrderWhateverOrderTheyMoved() {
        DelayedCall first = clock.callLater(Duration.ofSeconds(0), logTime("first"));
        DelayedCall second = clock.callLater(Duration.ofSeconds(1), logTime("second"));
        clock.callLater(Duration.ofSeconds(2), logTime("x"));
        second.reset(Duration.ofSeconds(2));
        first.reset(Duration.ofSeconds(2));
        clock.advance(2);
        assertEquals(List.of("first@2.0", "second@2.0", "x@2.0"), log); // Twisted: ['first', 'second', 'x']
    }
}
