package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Try;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Types never lie: only the Deferred-returning steps wait on a returned Deferred; a plain step
 * that returns one fails the chain at that step, naming the step to use. And the Deferred-returning
 * steps of the failure and both lanes: asynchronous recovery and asynchronous clean-up.
 */
class DeferredTypesNeverLieTest {

    private static void assertNames(IllegalStateException e, String used, String use) {
        assertTrue(e.getMessage().contains(used), () -> "should name " + used + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("use " + use), () -> "should name " + use + ": " + e.getMessage());
    }

    @Test
    void addCallbackReturningADeferredFailsAtThatStepNamingAddCallbackDeferred() {
        // The reproducer: the static type says Deferred<Deferred<Integer>>.
        Deferred<String> src = new Deferred<>();
        List<String> later = new ArrayList<>();
        Deferred<Deferred<Integer>> nested = src.addCallback(s -> Deferred.succeed(s.length()));
        nested.addCallback(inner -> {
            later.add("a callback after the mistake ran with " + inner);
            return inner;
        });
        src.callback("hello");
        IllegalStateException e = failureResultOf(nested, IllegalStateException.class);
        assertNames(e, "addCallback", "addCallbackDeferred");
        assertEquals(List.of(), later, "the failure is at the step, so no later callback sees a lying value");
    }

    @Test
    void inDebugModeTheRuleIsTheSameAndDeferredStepsStillChain() {
        // Debug mode wraps each step to record where it was added; the wrapper must not hide
        // which kind of step it is.
        boolean was = Deferred.isDebugging();
        Deferred.setDebugging(true);
        try {
            Deferred<Integer> plain = Deferred.succeed("ada").addCallback(u -> (Object) Deferred.succeed(3))
                    .addCallback(x -> 0);
            assertNames(failureResultOf(plain, IllegalStateException.class), "addCallback", "addCallbackDeferred");
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> chained = Deferred.succeed("ada").addCallbackDeferred(u -> inner);
            assertNoResult(chained);
            inner.callback(3);
            assertEquals(3, successResultOf(chained));
        } finally {
            Deferred.setDebugging(was);
        }
    }

    @Test
    void anObjectTypedCallbackThatReturnsADeferredIsNotSilentlyUnwrapped() {
        Deferred<Object> d = Deferred.<Object>succeed("x").addCallback(x -> (Object) Deferred.succeed("inner"));
        assertNames(failureResultOf(d, IllegalStateException.class), "addCallback", "addCallbackDeferred");
    }

    @Test
    void addErrbackReturningADeferredFailsNamingAddErrbackDeferred() {
        Deferred<Object> d = Deferred.<Object>fail(new IOException()).addErrback(e -> Deferred.succeed("late"));
        assertNames(failureResultOf(d, IllegalStateException.class), "addErrback", "addErrbackDeferred");
    }

    @Test
    void aTypedErrbackReturningADeferredFailsNamingTheTypedDeferredStep() {
        Deferred<Object> d = Deferred.<Object>fail(new IOException())
                .addErrback(IOException.class, e -> Deferred.succeed("late"));
        assertNames(failureResultOf(d, IllegalStateException.class),
                "addErrback(IOException.class", "addErrbackDeferred(IOException.class");
    }

    @Test
    void addBothReturningADeferredFailsNamingAddBothDeferred() {
        // The reported case: clean-up that returns port.stopListening().addCallback(...).
        Deferred<Void> stopped = new Deferred<>();
        Deferred<Object> d = Deferred.succeed(1).addBoth(t -> stopped.addCallback(x -> t.get()));
        assertNames(failureResultOf(d, IllegalStateException.class), "addBoth", "addBothDeferred");
    }

    @Test
    void eitherSideOfAddCallbacksReturningADeferredFailsNamingTheLanesDeferredStep() {
        Deferred<Object> v = Deferred.succeed(1).addCallbacks(x -> Deferred.succeed(2), e -> 0);
        assertNames(failureResultOf(v, IllegalStateException.class), "addCallbacks", "addCallbackDeferred");
        Deferred<Object> f = Deferred.<Integer>fail(new IOException()).addCallbacks(x -> 0, e -> Deferred.succeed(2));
        assertNames(failureResultOf(f, IllegalStateException.class), "addCallbacks", "addErrbackDeferred");
    }

    @Test
    void anOnTimeoutCancelReturningADeferredFailsNamingTheRecoveryToUse() {
        TestClock clock = new TestClock();
        Deferred<Object> d = new Deferred<>();
        d.addTimeout(java.time.Duration.ofSeconds(1), clock, (t, timeout) -> Deferred.succeed("late"));
        clock.advance(1);
        assertNames(failureResultOf(d, IllegalStateException.class),
                "onTimeoutCancel", "addErrbackDeferred(TimeoutException.class");
    }

    @Test
    void theFailureIsAnOrdinaryFailureThatALaterErrbackCanHandle() {
        Deferred<Object> d = Deferred.succeed(1)
                .<Object>addCallback(x -> Deferred.succeed(2))
                .addErrback(IllegalStateException.class, e -> "handled");
        assertEquals("handled", successResultOf(d));
    }

    @Test
    void addErrbackDeferredRecoversAsynchronously() {
        Deferred<String> mirror = new Deferred<>();
        List<Throwable> seen = new ArrayList<>();
        Deferred<String> page = Deferred.<String>fail(new IOException("primary down"))
                .addErrbackDeferred(e -> {
                    seen.add(e);
                    return mirror;
                });
        assertNoResult(page);
        mirror.callback("from mirror");
        assertEquals("from mirror", successResultOf(page));
        assertEquals(1, seen.size());
        assertNull(successResultOf(mirror), "the inner Deferred is left holding null, as in chaining");
    }

    @Test
    void addErrbackDeferredWhoseRetryFailsStaysOnTheFailureLane() {
        IOException second = new IOException("mirror down too");
        Deferred<String> page = Deferred.<String>fail(new IOException("primary down"))
                .addErrbackDeferred(e -> Deferred.fail(second));
        assertSame(second, failureResultOf(page, IOException.class));
    }

    @Test
    void addErrbackDeferredIsSkippedByAValue() {
        List<Throwable> seen = new ArrayList<>();
        Deferred<String> d = Deferred.succeed("fine").addErrbackDeferred(e -> {
            seen.add(e);
            return Deferred.succeed("never");
        });
        assertEquals("fine", successResultOf(d));
        assertEquals(List.of(), seen);
    }

    @Test
    void typedAddErrbackDeferredHandlesItsTypeAndPassesOthersOn() {
        Deferred<String> retried = Deferred.<String>fail(new FileNotFoundException("gone"))
                .addErrbackDeferred(IOException.class, e -> Deferred.succeed("retried after " + e.getMessage()));
        assertEquals("retried after gone", successResultOf(retried));

        TimeoutException other = new TimeoutException();
        Deferred<String> passed = Deferred.<String>fail(other)
                .addErrbackDeferred(IOException.class, e -> Deferred.succeed("never"));
        assertSame(other, failureResultOf(passed, TimeoutException.class));
    }

    @Test
    void addErrbackDeferredReturningNullFailsTheChainWithAClearMessage() {
        Deferred<String> d = Deferred.<String>fail(new IOException()).addErrbackDeferred(e -> null);
        NullPointerException e = failureResultOf(d, NullPointerException.class);
        assertTrue(e.getMessage().contains("addErrbackDeferred returned null"), e.getMessage());
    }

    @Test
    void addBothDeferredIsAnAsynchronousFinallyForAValueAndAFailure() {
        List<String> log = new ArrayList<>();
        Deferred<Void> cleanup = new Deferred<>();
        Deferred<Integer> ok = Deferred.succeed(7).addBothDeferred(t -> {
            log.add("cleanup after " + t);
            return cleanup.addCallback(x -> t.get());
        });
        assertNoResult(ok);
        cleanup.callback(null);
        assertEquals(7, successResultOf(ok));

        IOException boom = new IOException("work failed");
        Deferred<Void> cleanup2 = new Deferred<>();
        Deferred<Integer> failed = Deferred.<Integer>fail(boom).addBothDeferred(t -> {
            log.add("cleanup after " + t.isFailure());
            return cleanup2.addCallback(x -> t.get());
        });
        assertNoResult(failed);
        cleanup2.callback(null);
        assertSame(boom, failureResultOf(failed, IOException.class), "the failure survives the clean-up");
        assertEquals(List.of("cleanup after " + Try.success(7), "cleanup after true"), log);
    }

    @Test
    void addBothDeferredCanRetypeTheChain() {
        Deferred<String> d = Deferred.succeed(3).addBothDeferred(t -> Deferred.succeed("n=" + t.get()));
        assertEquals("n=3", successResultOf(d));
    }
}
