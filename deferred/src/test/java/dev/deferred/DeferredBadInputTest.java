package dev.deferred;

import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input: a clear exception at the call that received it, naming the problem, and the Deferred
 * left exactly as it was (each test checks it still works afterwards).
 */
class DeferredBadInputTest {

    /** A Deferred with one recording callback; fire it to check that the chain is unharmed. */
    private final List<Object> seen = new ArrayList<>();
    private final Deferred<Integer> d = new Deferred<>();

    {
        d.addCallback(x -> {
            seen.add(x);
            return x;
        });
    }

    private void assertStillWorks() {
        assertFalse(d.isCalled());
        d.callback(1);
        assertEquals(List.of(1), seen, "exactly the callbacks added before, nothing half-added");
        assertEquals(1, successResultOf(d));
    }

    private static <E extends Throwable> void assertClear(Class<E> type, Executable call, String... mentions) {
        E e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "no message");
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), () -> "message should mention '" + m + "': " + e.getMessage());
        }
    }

    @Test
    void nullFunctionsAreRejectedAtTheCall() {
        assertClear(NullPointerException.class, () -> d.addCallback(null), "addCallback", "null");
        assertClear(NullPointerException.class, () -> d.addErrback(null), "addErrback", "null");
        assertClear(NullPointerException.class, () -> d.addErrback(IOException.class, null), "addErrback", "null");
        assertClear(NullPointerException.class, () -> d.addErrback(null, e -> 0), "type is null");
        assertClear(NullPointerException.class, () -> d.addBoth(null), "addBoth", "null");
        assertClear(NullPointerException.class, () -> d.addCallbackDeferred(null), "addCallbackDeferred", "null");
        assertClear(NullPointerException.class, () -> d.chainDeferred(null), "chainDeferred(null)");
        assertStillWorks();
    }

    @Test
    void nullArgumentsToTheDeferredReturningAndSideEffectStepsAreRejectedAtTheCall() {
        assertClear(NullPointerException.class, () -> d.addErrbackDeferred(null), "addErrbackDeferred", "null");
        assertClear(NullPointerException.class, () -> d.addErrbackDeferred(IOException.class, null), "addErrbackDeferred", "null");
        assertClear(NullPointerException.class, () -> d.addErrbackDeferred(null, e -> Deferred.succeed(0)), "type is null");
        assertClear(NullPointerException.class, () -> d.addBothDeferred(null), "addBothDeferred", "null");
        assertClear(NullPointerException.class, () -> d.onSuccess(null), "onSuccess", "null");
        assertClear(NullPointerException.class, () -> d.onFailure(null), "onFailure", "null");
        assertClear(NullPointerException.class, () -> d.onComplete(null), "onComplete", "null");
        assertClear(NullPointerException.class, () -> ReactorTime.of(null), "executor is null");
        assertStillWorks();
    }

    @Test
    void plainJavaTimeoutRejectsNullZeroAndNegativeDurationsAndAddsNothing() {
        assertClear(NullPointerException.class, () -> d.addTimeout(null), "timeout is null");
        assertClear(IllegalArgumentException.class, () -> d.addTimeout(Duration.ZERO), "positive", "PT0S");
        assertClear(IllegalArgumentException.class, () -> d.addTimeout(Duration.ofMillis(-5)), "positive", "PT-0.005S");
        assertStillWorks();
    }

    @Test
    void addCallbacksWithOneNullSideAddsNeitherSide() {
        List<String> ran = new ArrayList<>();
        assertClear(NullPointerException.class, () -> d.addCallbacks(x -> ran.add("cb"), null), "addCallbacks");
        assertClear(NullPointerException.class, () -> d.addCallbacks(null, e -> ran.add("eb")), "addCallbacks");
        assertStillWorks();
        assertEquals(List.of(), ran);
    }

    @Test
    void errbackNullIsRejected() {
        assertClear(NullPointerException.class, () -> d.errback(null), "errback(null)");
        assertStillWorks();
    }

    @Test
    void callbackWithADeferredIsRejected() {
        // Generics stop this at compile time, but raw or Object-typed code can still get here.
        @SuppressWarnings("unchecked")
        Deferred<Object> untyped = (Deferred<Object>) (Deferred<?>) d;
        assertClear(IllegalArgumentException.class, () -> untyped.callback(Deferred.succeed(1)),
                "not a Deferred", "chainDeferred");
        assertStillWorks();
    }

    @Test
    void aSecondFireIsRejectedAndTheResultIsUntouched() {
        d.callback(1);
        assertClear(AlreadyCalledException.class, () -> d.callback(2), "already called");
        assertClear(AlreadyCalledException.class, () -> d.errback(new IOException()), "already called");
        assertEquals(List.of(1), seen);
        assertEquals(1, successResultOf(d));
    }

    @Test
    void alreadyCalledIsAnIllegalStateException() {
        d.callback(1);
        assertThrows(IllegalStateException.class, () -> d.callback(2));
    }

    @Test
    void unbalancedUnpauseIsRejected() {
        assertClear(IllegalStateException.class, d::unpause, "not paused");
        assertFalse(d.isPaused());
        assertStillWorks();
    }

    @Test
    void negativeTimeoutIsRejectedAndNothingIsScheduled() {
        TestClock clock = new TestClock();
        assertClear(IllegalArgumentException.class, () -> d.addTimeout(Duration.ofSeconds(-1), clock), "negative", "PT-1S");
        assertEquals(List.of(), clock.getDelayedCalls(), "no timer was started");
        assertClear(NullPointerException.class, () -> d.addTimeout(null, clock), "addTimeout");
        assertClear(NullPointerException.class, () -> d.addTimeout(Duration.ZERO, null), "addTimeout");
        assertClear(NullPointerException.class, () -> d.addTimeout(Duration.ZERO, clock, null), "addTimeout");
        assertEquals(List.of(), clock.getDelayedCalls());
        assertStillWorks();
    }

    @Test
    void chainDeferredToItselfIsRejected() {
        assertClear(IllegalArgumentException.class, () -> d.chainDeferred(d), "itself");
        assertStillWorks();
    }

    @Test
    void nullCancellerAndNullFunctionsToFactoriesAreRejected() {
        assertClear(NullPointerException.class, () -> new Deferred<String>(null), "canceller is null");
        assertClear(NullPointerException.class, () -> Deferred.execute(null), "execute");
        assertClear(NullPointerException.class, () -> Deferred.maybeDeferred(null), "maybeDeferred");
        assertClear(NullPointerException.class, () -> Deferred.fail(null), "fail(null)");
    }

    @Test
    void aCallbackReturningItsOwnDeferredFailsTheChainNotTheCaller() {
        Deferred<Object> self = new Deferred<>();
        self.addCallback(x -> self);
        self.callback("x"); // does not throw here: the chain carries the failure
        List<Throwable> failures = new ArrayList<>();
        self.addErrback(e -> {
            failures.add(e);
            return "recovered";
        });
        assertEquals(1, failures.size());
        assertTrue(failures.get(0) instanceof IllegalStateException);
        assertEquals("recovered", successResultOf(self), "the Deferred goes on working");
    }
}
