package dev.deferred.reactor.task;

import static dev.deferred.reactor.Results.assertNoResult;
import static dev.deferred.reactor.Results.failureResultOf;
import static dev.deferred.reactor.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.reactor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Twisted's deferLater (test_task.py DeferLaterTests). */
class DeferLaterTest {
    private final Clock clock = new Clock();

    @Test
    void firesWithTheFunctionsResultAfterTheDelay() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = Tasks.deferLater(clock, Duration.ofSeconds(3), () -> {
            calls.add("called");
            return "flag";
        });
        clock.advance(2);
        assertEquals(List.of(), calls);
        assertNoResult(d);
        clock.advance(1);
        assertEquals(List.of("called"), calls);
        assertEquals("flag", successResultOf(d));
    }

    @Test
    void failsWithTheFunctionsException() {
        Deferred<Object> d = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("nope");
        });
        clock.advance(1);
        failureResultOf(d, IllegalStateException.class);
    }

    @Test
    void aFunctionReturningADeferredFailsItNamingTheStepThatWaits() {
        // Types never lie: the static type here says Deferred<Deferred<String>>.
        Deferred<String> inner = new Deferred<>();
        Deferred<Deferred<String>> d = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> inner);
        clock.advance(1);
        IllegalStateException e = failureResultOf(d, IllegalStateException.class);
        assertTrue(e.getMessage().contains("addCallbackDeferred"), e.getMessage());
    }

    @Test
    void waitingOnAnAsynchronousFunctionIsDeferLaterThenAddCallbackDeferred() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Tasks.deferLater(clock, Duration.ofSeconds(1)).addCallbackDeferred(ignored -> inner);
        clock.advance(1);
        assertNoResult(d);
        inner.callback("inner");
        assertEquals("inner", successResultOf(d));
    }

    @Test
    void aSideEffectNeedsNoReturnNull() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        String x = "later";
        Deferred<Void> d;
        try {
            d = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> System.out.println(x));
            assertNoResult(d);
            assertEquals("", captured.toString());
            clock.advance(1);
        } finally {
            System.setOut(out);
        }
        assertEquals("later" + System.lineSeparator(), captured.toString());
        assertNull(successResultOf(d));
    }

    @Test
    void aThrowingSideEffectFailsTheDeferredAndCancellingFirstMeansItNeverRuns() {
        List<String> calls = new ArrayList<>();
        Deferred<Void> failing = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> {
            throw new java.io.IOException("broke");
        });
        Deferred<Void> cancelled = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> calls.clear());
        cancelled.cancel();
        clock.advance(1);
        failureResultOf(failing, java.io.IOException.class);
        failureResultOf(cancelled, CancellationException.class);
    }

    @Test
    void cancelCancelsTheTimerAndTheFunctionNeverRuns() {
        List<String> calls = new ArrayList<>();
        Deferred<Object> d = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> calls.add("x"));
        d.cancel();
        failureResultOf(d, CancellationException.class);
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(2);
        assertEquals(List.of(), calls);
    }

    @Test
    void withoutAFunctionFiresWithNull() {
        Deferred<Void> d = Tasks.deferLater(clock, Duration.ofSeconds(2));
        assertNoResult(d);
        clock.advance(2);
        assertNull(successResultOf(d));
    }
}
