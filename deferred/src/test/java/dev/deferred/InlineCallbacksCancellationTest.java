package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Cancelling a body's Deferred (Twisted semantics 51). */
class InlineCallbacksCancellationTest {

    @Test
    void cancelCancelsTheAwaitedDeferredAndThrowsAtTheAwait() {
        List<String> cancelled = new ArrayList<>();
        Deferred<String> awaited = new Deferred<>(d -> cancelled.add("awaited"));
        List<Throwable> thrown = new ArrayList<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            try {
                return co.await(awaited);
            } catch (CancellationException e) {
                thrown.add(e);
                throw e;
            }
        });
        Outcome<String> out = Outcome.of(r);
        r.cancel();
        assertEquals(List.of("awaited"), cancelled);
        assertEquals(1, thrown.size());
        // The body let it escape: the body's Deferred fails with that cancellation.
        assertEquals(thrown.get(0), out.failure());
    }

    @Test
    void bodyThatCatchesTheCancellationGoesOnAndItsDeferredWaitsForItsEnd() {
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        List<String> log = new ArrayList<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            try {
                co.await(first);
            } catch (CancellationException e) {
                log.add("cancelled");
            }
            return "then " + co.await(second);
        });
        Outcome<String> out = Outcome.of(r);
        r.cancel();
        assertEquals(List.of("cancelled"), log);
        assertFalse(out.fired());
        second.callback("done");
        assertEquals("then done", out.value());
    }

    @Test
    void secondCancelCancelsWhatTheBodyWaitsOnThen() {
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            try {
                co.await(first);
            } catch (CancellationException e) {
                // go on
            }
            return co.await(second);
        });
        Outcome<String> out = Outcome.of(r);
        r.cancel();
        assertFalse(out.fired());
        r.cancel();
        assertInstanceOf(CancellationException.class, out.failure());
        assertTrue(second.isCalled());
    }

    @Test
    void cancellerThatCallsBackResumesTheBodyWithThatValue() {
        Deferred<String> awaited = new Deferred<>(d -> d.callback("from canceller"));
        Deferred<String> r = InlineCallbacks.run(co -> co.<String>await(awaited) + "!");
        r.cancel();
        assertEquals("from canceller!", Outcome.of(r).value());
    }

    @Test
    void cancelOfAFinishedBodyDoesNothing() {
        Deferred<String> r = InlineCallbacks.run(co -> "done");
        r.cancel();
        assertEquals("done", Outcome.of(r).value());
    }

    @Test
    void callbacksAddedBeforeTheCancelStillSeeTheBodysResult() {
        Deferred<Integer> first = new Deferred<>();
        Deferred<Integer> r = InlineCallbacks.run(co -> {
            try {
                return co.await(first);
            } catch (CancellationException e) {
                return -1;
            }
        });
        List<Integer> seen = new ArrayList<>();
        r.addCallback(v -> {
            seen.add(v);
            return v;
        });
        r.cancel();
        assertEquals(List.of(-1), seen);
        assertEquals(-1, Outcome.of(r).value());
    }

    @Test
    void cancelInsideANestedBodyReachesTheInnermostAwait() {
        Deferred<String> leaf = new Deferred<>();
        Deferred<String> outer = InlineCallbacks.run(co -> co.await(InlineCallbacks.run(inner -> inner.await(leaf))));
        Outcome<String> out = Outcome.of(outer);
        outer.cancel();
        assertTrue(leaf.isCalled());
        assertInstanceOf(CancellationException.class, out.failure());
    }
}
