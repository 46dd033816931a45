package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void cancelRacingTheBodysEndOnAnotherThreadFiresItsDeferredExactlyOnce() throws Exception {
        // Bounded rounds, no timing assumptions: whichever wins, the Deferred fires once, with the
        // body's value or the cancellation, and neither thread sees an exception.
        for (int round = 0; round < 1_000; round++) {
            Deferred<String> gate = new Deferred<>();
            Deferred<String> r = InlineCallbacks.run(co -> "value " + co.await(gate));
            AtomicInteger fired = new AtomicInteger();
            AtomicReference<Object> result = new AtomicReference<>();
            r.addBoth(t -> {
                fired.incrementAndGet();
                result.set(t.isSuccess() ? t.get() : t.getCause());
                return null;
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> escaped = new CopyOnWriteArrayList<>();
            Thread firer = new Thread(() -> {
                try {
                    go.await();
                    gate.callback("x");
                } catch (Throwable e) {
                    escaped.add(e);
                }
            });
            Thread canceller = new Thread(() -> {
                try {
                    go.await();
                    r.cancel();
                } catch (Throwable e) {
                    escaped.add(e);
                }
            });
            firer.start();
            canceller.start();
            go.countDown();
            assertTrue(firer.join(Duration.ofSeconds(30)));
            assertTrue(canceller.join(Duration.ofSeconds(30)));
            assertEquals(List.of(), escaped, "round " + round);
            assertEquals(1, fired.get(), "round " + round);
            Object v = result.get();
            assertTrue("value x".equals(v) || v instanceof CancellationException, "round " + round + ": " + v);
        }
    }
}
