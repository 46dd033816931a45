package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Constructors and factories: succeed, fail, execute, maybeDeferred (Twisted items 33-35). */
class DeferredCreationTest {

    @Test
    void succeedIsAFiredDeferred() {
        Deferred<String> d = Deferred.succeed("v");
        assertTrue(d.isCalled());
        assertEquals("v", successResultOf(d));
        assertNull(successResultOf(Deferred.succeed(null)));
    }

    @Test
    void failHoldsThatVeryFailure() {
        IOException e = new IOException("x");
        Deferred<String> d = Deferred.fail(e);
        assertTrue(d.isCalled());
        assertSame(e, failureResultOf(d, IOException.class));
    }

    @Test
    void executeWrapsAValue() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = Deferred.execute(calls::incrementAndGet);
        assertEquals(1, calls.get(), "called once, at once");
        assertEquals(1, successResultOf(d));
    }

    @Test
    void executeWrapsAThrownCheckedException() {
        IOException e = new IOException("io");
        Deferred<String> d = Deferred.execute(() -> {
            throw e;
        });
        assertSame(e, failureResultOf(d, IOException.class));
    }

    @Test
    void executeDoesNotUnwrapADeferred() {
        // Twisted's execute hands the Deferred to callback(), which refuses it; so do we, at the call.
        Deferred<Integer> inner = Deferred.succeed(1);
        assertThrows(IllegalArgumentException.class, () -> Deferred.execute(() -> inner));
        assertEquals(1, successResultOf(inner), "the returned Deferred is left alone");
    }

    @Test
    void maybeDeferredReturnsTheSameDeferredObject() {
        Deferred<String> pending = new Deferred<>();
        assertSame(pending, Deferred.<String>maybeDeferred(() -> pending));
        assertNoResult(pending);
        Deferred<String> failed = Deferred.fail(new IOException());
        assertSame(failed, Deferred.<String>maybeDeferred(() -> failed));
        failureResultOf(failed, IOException.class);
    }

    @Test
    void maybeDeferredWrapsAValueOrNull() {
        assertEquals("plain", successResultOf(Deferred.<String>maybeDeferred(() -> "plain")));
        assertNull(successResultOf(Deferred.<String>maybeDeferred(() -> null)));
    }

    @Test
    void maybeDeferredWrapsAThrownException() {
        IllegalStateException e = new IllegalStateException("sync failure");
        Deferred<String> d = Deferred.maybeDeferred(() -> {
            throw e;
        });
        assertSame(e, failureResultOf(d, IllegalStateException.class));
    }

    @Test
    void constructorsMakeUnfiredDeferreds() {
        assertFalse(new Deferred<String>().isCalled());
        AtomicInteger cancels = new AtomicInteger();
        Deferred<String> withCanceller = new Deferred<>(self -> cancels.incrementAndGet());
        assertFalse(withCanceller.isCalled());
        assertEquals(0, cancels.get(), "the canceller is not called by construction");
        withCanceller.callback("v");
        assertEquals("v", successResultOf(withCanceller));
    }
}
