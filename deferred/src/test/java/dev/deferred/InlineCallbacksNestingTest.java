package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bodies that await other bodies. */
class InlineCallbacksNestingTest {

    @Test
    void outerBodyWaitsForInnerBodyAndGetsItsValue() {
        Deferred<Integer> leaf = new Deferred<>();
        Deferred<Integer> outer = InlineCallbacks.run(co -> {
            int a = co.await(InlineCallbacks.run(inner -> inner.<Integer>await(leaf) * 2));
            return a + 1;
        });
        Outcome<Integer> out = Outcome.of(outer);
        assertFalse(out.fired());
        leaf.callback(20);
        assertEquals(41, out.value());
    }

    @Test
    void innerFailureIsThrownAtTheOuterAwait() {
        IOException boom = new IOException("inner");
        Deferred<Void> leaf = new Deferred<>();
        Deferred<String> outer = InlineCallbacks.run(co -> {
            try {
                co.await(InlineCallbacks.run(inner -> {
                    inner.await(leaf);
                    throw boom;
                }));
                return "no";
            } catch (IOException e) {
                assertSame(boom, e);
                return "caught";
            }
        });
        leaf.callback(null);
        assertEquals("caught", Outcome.of(outer).value());
    }

    @Test
    void unwindingFollowsTwistedOrderForShallowNesting() {
        // Twisted 22.4: the outer body resumes, and its Deferred fires, in the middle of the inner
        // Deferred's chain, before the inner Deferred's later callbacks.
        List<String> log = new ArrayList<>();
        Deferred<Integer> leaf = new Deferred<>();
        Deferred<Integer> inner = InlineCallbacks.run(co -> co.await(leaf));
        Deferred<Integer> outer = InlineCallbacks.run(co -> {
            int v = co.await(inner);
            log.add("outer resumed " + v);
            return v;
        });
        inner.addBoth(t -> {
            log.add("inner later callback " + t.getOrNull());
            return null;
        });
        outer.addBoth(t -> {
            log.add("outer result " + t.get());
            return null;
        });
        leaf.callback(7);
        assertEquals(List.of("outer resumed 7", "outer result 7", "inner later callback null"), log);
    }

    @Test
    void recursiveBodiesNestAndFinish() {
        Deferred<Integer> leaf = new Deferred<>();
        Deferred<Integer> top = countDown(200, leaf);
        Outcome<Integer> out = Outcome.of(top);
        assertFalse(out.fired());
        leaf.callback(0);
        assertEquals(200, out.value());
    }

    private static Deferred<Integer> countDown(int n, Deferred<Integer> leaf) {
        return InlineCallbacks.run(co -> n == 0 ? co.await(leaf) : co.<Integer>await(countDown(n - 1, leaf)) + 1);
    }

    @Test
    void longChainOfBodiesEachAwaitingThePreviousUnwindsWithoutOverflow() {
        int n = 20_000;
        Deferred<Integer> leaf = new Deferred<>();
        Deferred<Integer> last = leaf;
        for (int i = 0; i < n; i++) {
            Deferred<Integer> prev = last;
            last = InlineCallbacks.run(co -> co.<Integer>await(prev) + 1);
        }
        Outcome<Integer> out = Outcome.of(last);
        assertFalse(out.fired());
        leaf.callback(0);
        assertEquals(n, out.value());
    }
}
