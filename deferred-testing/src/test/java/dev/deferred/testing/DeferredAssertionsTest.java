package dev.deferred.testing;

import static dev.deferred.testing.DeferredAssertions.assertNoResult;
import static dev.deferred.testing.DeferredAssertions.failureResultOf;
import static dev.deferred.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// The extension also checks what the assertions promise: every failure they report is handled.
@ExtendWith(NoUnhandledErrorsExtension.class)
class DeferredAssertionsTest {

    @Test
    void successResultOfReturnsTheValueAndLeavesIt() {
        Deferred<String> d = Deferred.succeed("v");
        assertEquals("v", successResultOf(d));
        assertEquals("v", successResultOf(d)); // still there
        assertNull(successResultOf(Deferred.succeed(null)));
    }

    @Test
    void successResultOfWithoutResultFailsShowingThePendingState() {
        Deferred<String> d = new Deferred<>();
        AssertionError e = assertThrows(AssertionError.class, () -> successResultOf(d));
        assertTrue(e.getMessage().startsWith("Success result expected on Deferred@"), e.getMessage());
        assertTrue(e.getMessage().contains("{pending}") && e.getMessage().endsWith("found no result instead"), e.getMessage());
        d.callback("late"); // the check left nothing that changes the result
        assertEquals("late", successResultOf(d));
    }

    @Test
    void successResultOfOnAFailureFailsShowingItAndHandlesIt() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fail(boom);
        AssertionError e = assertThrows(AssertionError.class, () -> successResultOf(d));
        assertTrue(e.getMessage().contains("found failure result instead:\njava.io.IOException: boom"), e.getMessage());
        assertTrue(e.getMessage().contains("current result: failure java.io.IOException: boom"), e.getMessage());
        assertTrue(e.getMessage().contains("\tat "), "shows the stack trace: " + e.getMessage());
        assertSame(boom, e.getCause());
        assertNull(successResultOf(d)); // handled
    }

    @Test
    void failureResultOfReturnsTheFailureAndHandlesIt() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fail(boom);
        IOException got = failureResultOf(d, IOException.class);
        assertSame(boom, got);
        assertNull(successResultOf(d));
    }

    @Test
    void failureResultOfAcceptsSubclassesAndAnyOfSeveralTypes() {
        FileNotFoundException fnf = new FileNotFoundException("f");
        assertSame(fnf, failureResultOf(Deferred.fail(fnf), IOException.class));
        Deferred<String> d = Deferred.fail(new TimeoutException("t"));
        Throwable t = failureResultOf(d, IOException.class, TimeoutException.class);
        assertEquals(TimeoutException.class, t.getClass());
        assertEquals("x", failureResultOf(Deferred.fail(new IllegalStateException("x"))).getMessage()); // any type
    }

    @Test
    void failureResultOfWithTheWrongTypeFailsNamingBothAndHandlesIt() {
        IllegalStateException wrong = new IllegalStateException("wrong");
        Deferred<String> d = Deferred.fail(wrong);
        AssertionError e = assertThrows(AssertionError.class, () -> failureResultOf(d, IOException.class, TimeoutException.class));
        assertTrue(e.getMessage().startsWith("Failure of type (java.io.IOException or java.util.concurrent.TimeoutException) expected on Deferred@"),
                e.getMessage());
        assertTrue(e.getMessage().contains("found type java.lang.IllegalStateException instead:\njava.lang.IllegalStateException: wrong"),
                e.getMessage());
        assertSame(wrong, e.getCause());
        assertNull(successResultOf(d));
    }

    @Test
    void inDebugModeTheWrongTypeMessageShowsTheFailuresTrail() {
        boolean before = Deferred.isDebugging();
        Deferred.setDebugging(true);
        try {
            Deferred<String> d = new Deferred<>();
            d.addCallback(s -> { throw new IllegalStateException("mid"); });
            d.callback("x");
            String msg = assertThrows(AssertionError.class, () -> failureResultOf(d, IOException.class)).getMessage();
            assertTrue(msg.contains("Suppressed: Deferred trail (newest first):"), msg);
            assertTrue(msg.contains("callback added at dev.deferred.testing.DeferredAssertionsTest"
                    + ".inDebugModeTheWrongTypeMessageShowsTheFailuresTrail(DeferredAssertionsTest.java:"), msg);
            assertTrue(msg.contains(") raised it"), msg);
        } finally {
            Deferred.setDebugging(before);
        }
    }

    @Test
    void failureResultOfOnAValueOrNothingFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> failureResultOf(Deferred.succeed(42), IOException.class));
        assertTrue(e.getMessage().contains("current result: 42") && e.getMessage().endsWith("found success result (42) instead"),
                e.getMessage());
        e = assertThrows(AssertionError.class, () -> failureResultOf(new Deferred<>()));
        assertTrue(e.getMessage().startsWith("Failure result expected on Deferred@") && e.getMessage().endsWith("found no result instead"),
                e.getMessage());
    }

    @Test
    void assertNoResultPassesOnPendingWaitingAndPausedDeferreds() {
        assertNoResult(new Deferred<>());
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertNoResult(outer);
        Deferred<String> paused = new Deferred<>();
        paused.pause();
        paused.callback("held");
        assertNoResult(paused);
        paused.unpause();
        assertEquals("held", successResultOf(paused));
        inner.callback("in");
        assertEquals("in", successResultOf(outer)); // the check did not disturb the chain
    }

    @Test
    void assertNoResultOnAValueFailsShowingIt() {
        AssertionError e = assertThrows(AssertionError.class, () -> assertNoResult(Deferred.succeed("there")));
        assertTrue(e.getMessage().startsWith("No result expected on Deferred@") && e.getMessage().endsWith("found success result (there) instead"),
                e.getMessage());
    }

    @Test
    void assertNoResultOnAFailureFailsShowingItAndHandlesIt() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fail(boom);
        AssertionError e = assertThrows(AssertionError.class, () -> assertNoResult(d));
        assertTrue(e.getMessage().contains("found failure result instead:\njava.io.IOException: boom"), e.getMessage());
        assertSame(boom, e.getCause());
        assertNull(successResultOf(d));
    }

    @Test
    void nullArgumentsAreRejectedClearly() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> successResultOf(null));
        assertTrue(e.getMessage().contains("successResultOf"), e.getMessage());
        assertThrows(NullPointerException.class, () -> assertNoResult(null));
        assertThrows(NullPointerException.class, () -> failureResultOf(null, IOException.class));
        assertThrows(NullPointerException.class, () -> failureResultOf(Deferred.succeed(1), (Class<IOException>) null));
    }
}
