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
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** cancel(): cancellers, the one swallowed result, propagation to the awaited Deferred (Twisted items 21-27). */
class DeferredCancellationTest {

    @Test
    void cancelCallsTheCancellerOnceWithTheDeferredAndFailsIt() {
        List<Deferred<?>> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(calls::add);
        d.cancel();
        assertEquals(List.of(d), calls);
        failureResultOf(d, CancellationException.class);
        d.cancel();
        assertEquals(1, calls.size(), "a fired Deferred does not call its canceller again");
    }

    @Test
    void withoutCancellerExactlyOneLateResultIsSwallowed() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.callback("late result of the cancelled operation"); // silently ignored
        assertThrows(AlreadyCalledException.class, () -> d.callback("second late result"));
        failureResultOf(d, CancellationException.class);
    }

    @Test
    void withoutCancellerTheSwallowedResultMayBeAFailure() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.errback(new IOException("late failure"));
        assertThrows(AlreadyCalledException.class, () -> d.errback(new IOException("again")));
        failureResultOf(d, CancellationException.class);
    }

    @Test
    void aCancellerThatDoesNotFireLeavesNothingToSwallow() {
        Deferred<String> d = new Deferred<>(self -> { });
        d.cancel();
        assertThrows(AlreadyCalledException.class, () -> d.callback("late"));
        failureResultOf(d, CancellationException.class);
    }

    @Test
    void aCancellerThatCallsBackProvidesTheResult() {
        Deferred<String> d = new Deferred<>(self -> self.callback("cancelled nicely"));
        d.cancel();
        assertEquals("cancelled nicely", successResultOf(d));
    }

    @Test
    void aCancellerThatErrsBackProvidesTheFailure() {
        IOException why = new IOException("aborted");
        Deferred<String> d = new Deferred<>(self -> self.errback(why));
        d.cancel();
        assertSame(why, failureResultOf(d, IOException.class));
    }

    @Test
    void cancelOfAFiredDeferredDoesNothing() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        d.callback("done");
        d.cancel();
        d.cancel();
        assertEquals(0, cancellerCalls.get());
        assertEquals("done", successResultOf(d));
    }

    @Test
    void callbacksRunInsideCancel() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addErrback(CancellationException.class, e -> {
            seen.add("cancelled");
            return "fallback";
        });
        d.cancel();
        assertEquals(List.of("cancelled"), seen);
        assertEquals("fallback", successResultOf(d));
    }

    @Test
    void cancellingAWaitingOuterCancelsTheInner() {
        List<String> log = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(self -> log.add("inner canceller"));
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertNoResult(outer);
        outer.cancel();
        assertEquals(List.of("inner canceller"), log);
        failureResultOf(outer, CancellationException.class);
        assertEquals(null, successResultOf(inner), "the inner handed its cancellation to the outer");
    }

    @Test
    void cancellingAWaitingOuterTakesTheInnerCancellersResult() {
        Deferred<String> inner = new Deferred<>(self -> self.callback("partial"));
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        outer.cancel();
        assertEquals("partial", successResultOf(outer));
    }

    @Test
    void theInnersOwnErrbackCanRecoverFromTheCancellationBeforeTheOuterSeesIt() {
        Deferred<String> inner = new Deferred<>();
        inner.addErrback(CancellationException.class, e -> "inner recovered");
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        outer.cancel();
        assertEquals("inner recovered", successResultOf(outer));
    }

    @Test
    void cancellationReachesTheEndOfATransitiveChain() {
        AtomicInteger cancelled = new AtomicInteger();
        Deferred<String> c = new Deferred<>(self -> cancelled.incrementAndGet());
        Deferred<String> b = Deferred.succeed(0).addCallbackDeferred(x -> c);
        Deferred<String> a = Deferred.succeed(0).addCallbackDeferred(x -> b);
        a.cancel();
        assertEquals(1, cancelled.get());
        failureResultOf(a, CancellationException.class);
    }

    @Test
    void anExceptionFromTheCancellerPropagatesOutOfCancel() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("canceller broke");
        Deferred<String> d = new Deferred<>(self -> {
            calls.incrementAndGet();
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, d::cancel));
        assertFalse(d.isCalled(), "not fired: the canceller failed before it could");
        // ours: a canceller runs at most once (Twisted would call it again on a second cancel()).
        d.cancel();
        assertEquals(1, calls.get());
        d.callback("the operation finished anyway");
        assertEquals("the operation finished anyway", successResultOf(d));
    }

    @Test
    void cancelFromInsideTheCancellerDoesNotRecurse() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> {
            calls.incrementAndGet();
            self.cancel();
        });
        d.cancel();
        assertEquals(1, calls.get());
        failureResultOf(d, CancellationException.class);
    }

    @Test
    void theCancellerIsDroppedOnceTheDeferredFires() {
        // Twisted item 4: a fired Deferred no longer keeps its canceller (and what it captured) alive.
        Object[] captured = {new Object()};
        WeakReference<Object> ref = new WeakReference<>(captured[0]);
        Deferred<String> d = cancellerHolding(captured[0]);
        captured[0] = null;
        d.callback("done");
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "the canceller is still reachable from the fired Deferred");
        assertEquals("done", successResultOf(d));
    }

    private static Deferred<String> cancellerHolding(Object resource) {
        return new Deferred<>(self -> resource.notifyAll());
    }

    @Test
    void cancelOfAPausedUnfiredDeferredFailsItButRunsNothingUntilUnpause() {
        Deferred<String> d = new Deferred<>();
        List<Throwable> seen = new ArrayList<>();
        d.addErrback(e -> {
            seen.add(e);
            return "x";
        });
        d.pause();
        d.cancel();
        assertTrue(d.isCalled());
        assertEquals(List.of(), seen);
        d.unpause();
        assertEquals(1, seen.size());
        assertTrue(seen.get(0) instanceof CancellationException);
    }
}
