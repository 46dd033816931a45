package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code d1.chainDeferred(d2)}: d1's result fires d2 (Twisted item 20). */
class DeferredChainDeferredTest {

    @Test
    void forwardsTheValueAndGoesOnWithNull() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        List<Object> afterD1 = new ArrayList<>();
        d1.chainDeferred(d2).addCallback(v -> afterD1.add(v));
        d1.callback(3);
        assertEquals(3, successResultOf(d2));
        assertEquals(1, afterD1.size());
        assertNull(afterD1.get(0), "d1 goes on with null, as in Twisted");
    }

    @Test
    void forwardsAFailureAndD1GoesOnWithNull() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        d1.chainDeferred(d2);
        IOException boom = new IOException("x");
        d1.errback(boom);
        assertSame(boom, failureResultOf(d2, IOException.class));
        assertNull(successResultOf(d1), "the failure was handed on, d1 no longer holds it");
    }

    @Test
    void onlyTheResultAtThatPointIsForwarded() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        d1.addCallback(x -> x * 10).chainDeferred(d2);
        d1.callback(4);
        assertEquals(40, successResultOf(d2));
    }

    @Test
    void d2sChainRunsBeforeTheRestOfD1s() {
        List<String> order = new ArrayList<>();
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        d2.addCallback(v -> order.add("d2 callback"));
        d1.chainDeferred(d2).addCallback(v -> order.add("d1 next"));
        d1.callback("v");
        assertEquals(List.of("d2 callback", "d1 next"), order);
    }

    @Test
    void aCallbackAddedToD1FromD2sChainRunsAfterD2sChainAsInTwisted() {
        // Twisted 22.4 prints ['d2 cb start', 'd2 cb end', 'd1 rest', 'd1 new']: d1 is still running
        // its chainDeferred step while d2's chain runs, so the new callback queues behind.
        List<String> log = new ArrayList<>();
        Deferred<Object> d1 = new Deferred<>();
        Deferred<Object> d2 = new Deferred<>();
        d2.addCallback(r -> {
            log.add("d2 cb start");
            d1.addCallback(x -> log.add("d1 new"));
            log.add("d2 cb end");
            return r;
        });
        d1.chainDeferred(d2).addCallback(r -> log.add("d1 rest"));
        d1.callback(1);
        assertEquals(List.of("d2 cb start", "d2 cb end", "d1 rest", "d1 new"), log);
    }

    @Test
    void aCallbackAddedToTheInnerFromTheOutersChainRunsAtOnceAsInTwisted() {
        // The awaited hand-off is different: the inner has finished its step, so Twisted runs the
        // new callback (and the inner's rest) inside the outer's callback:
        // ['outer cb start', 'inner rest None', 'inner new None', 'outer cb end']
        List<String> log = new ArrayList<>();
        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> outer = new Deferred<>();
        outer.addCallbackDeferred(r -> inner).addCallback(r -> {
            log.add("outer cb start");
            inner.addCallback(x -> log.add("inner new " + x));
            log.add("outer cb end");
            return r;
        });
        outer.callback(0);
        inner.addCallback(x -> {
            log.add("inner rest " + x);
            return x;
        });
        inner.callback(5);
        assertEquals(List.of("outer cb start", "inner rest null", "inner new null", "outer cb end"), log);
    }

    @Test
    void chainingToAnAlreadyFiredDeferredFailsD1WithAlreadyCalledException() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = Deferred.succeed(1);
        d1.chainDeferred(d2);
        d1.callback(3);
        failureResultOf(d1, AlreadyCalledException.class);
        assertEquals(1, successResultOf(d2), "d2 keeps its result");
    }

    @Test
    void chainingToAPendingD2WaitsForD1() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        d1.chainDeferred(d2);
        assertNoResult(d2);
        d1.callback(1);
        assertEquals(1, successResultOf(d2));
    }

    @Test
    void chainingToACancelledD2WithoutCancellerIsSwallowedLikeTheLateResult() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        d1.chainDeferred(d2);
        d2.cancel();
        d1.callback(1);
        assertNull(successResultOf(d1), "the one late result after cancel() is swallowed");
        failureResultOf(d2, java.util.concurrent.CancellationException.class);
    }

    @Test
    void chainsAcrossSeveralDeferreds() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        a.chainDeferred(b);
        b.chainDeferred(c);
        a.callback("through");
        assertEquals("through", successResultOf(c));
    }
}
