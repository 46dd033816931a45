package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.CheckedFunction1;
import io.vavr.control.Try;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The callback/errback chain: lanes, result passing, when added functions run (Twisted items 1-10). */
class DeferredChainTest {

    @Test
    void newDeferredIsUnfiredAndRunsNothing() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> seen.add(v));
        assertFalse(d.isCalled());
        assertFalse(d.isPaused());
        assertEquals(List.of(), seen);
        assertNoResult(d);
    }

    @Test
    void callbackRunsTheChainBeforeReturning() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> seen.add(v));
        d.callback("hello");
        assertEquals(List.of("hello"), seen);
        assertTrue(d.isCalled());
    }

    @Test
    void eachCallbackReceivesWhatThePreviousReturned() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> end = d.addCallback(x -> x + 1).addCallback(x -> x * 10).addCallback(x -> "n=" + x);
        assertSame(d, end, "addCallback returns the same Deferred, re-typed");
        d.callback(1);
        assertEquals("n=20", successResultOf(end));
    }

    @Test
    void nullIsAnOrdinaryValue() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> {
            seen.add(v);
            return v;
        });
        d.callback(null);
        assertEquals(1, seen.size());
        assertEquals(null, seen.get(0));
    }

    @Test
    void valuesSkipErrbacksAndFailuresSkipCallbacks() {
        List<String> calls = new ArrayList<>();
        Deferred<String> ok = new Deferred<>();
        ok.addErrback(e -> {
            calls.add("eb1");
            return "x";
        }).addCallback(v -> {
            calls.add("cb:" + v);
            return v;
        });
        ok.callback("v");
        assertEquals(List.of("cb:v"), calls);

        calls.clear();
        IOException boom = new IOException("boom");
        Deferred<String> bad = new Deferred<>();
        bad.addCallback(v -> {
            calls.add("cb1");
            return v;
        }).addErrback(e -> {
            calls.add("eb:" + e.getMessage());
            throw e;
        });
        bad.errback(boom);
        assertEquals(List.of("eb:boom"), calls);
        assertSame(boom, failureResultOf(bad, IOException.class), "the errback receives the very object passed to errback");
    }

    @Test
    void addingToAFiredDeferredRunsAtOnce() {
        Deferred<Integer> d = Deferred.succeed(5);
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> {
            seen.add(x);
            return x + 1;
        });
        assertEquals(List.of(5), seen, "ran inside addCallback");
        d.addCallback(x -> {
            seen.add(x);
            return x;
        });
        assertEquals(List.of(5, 6), seen, "the Deferred keeps the last result for the next callback");
    }

    @Test
    void callbackAddedFromInsideACallbackRunsAfterItInOrder() {
        Deferred<String> d = new Deferred<>();
        List<Integer> order = new ArrayList<>();
        d.addCallback(v -> {
            order.add(1);
            d.addCallback(w -> {
                order.add(3);
                return w;
            });
            order.add(2);
            return v;
        });
        d.callback("go");
        assertEquals(List.of(1, 2, 3), order);
    }

    @Test
    void callbackAddedFromInsideACallbackGoesAfterTheOnesAlreadyThere() {
        Deferred<String> d = new Deferred<>();
        List<String> order = new ArrayList<>();
        d.addCallback(v -> {
            order.add("a");
            d.addCallback(w -> {
                order.add("c (added inside a)");
                return w;
            });
            return v;
        });
        d.addCallback(v -> {
            order.add("b");
            return v;
        });
        d.callback("go");
        assertEquals(List.of("a", "b", "c (added inside a)"), order);
    }

    @Test
    void aChainThatKeepsExtendingItselfRunsEveryAddedCallbackInOrder() {
        // Each callback adds two more from inside; the chain grows and is consumed while it runs.
        Deferred<Integer> d = new Deferred<>();
        List<Integer> order = new ArrayList<>();
        int limit = 100_000;
        int[] added = {1};
        @SuppressWarnings({"unchecked", "rawtypes"})
        CheckedFunction1<Integer, Integer>[] step = new CheckedFunction1[1];
        step[0] = x -> {
            order.add(x);
            for (int k = 0; k < 2 && added[0] < limit; k++) {
                added[0]++;
                d.addCallback(step[0]);
            }
            return x + 1;
        };
        d.addCallback(step[0]);
        d.callback(0);
        assertEquals(limit, order.size());
        for (int i = 0; i < limit; i++) {
            assertEquals(i, order.get(i));
        }
        assertEquals(limit, successResultOf(d));
    }

    @Test
    void manyCallbacksAddedBeforeFiringAllRunInOrder() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            d.addCallback(x -> {
                order.add(n);
                return x + 1;
            });
        }
        d.callback(0);
        assertEquals(10_000, order.size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, order.get(i));
        }
        assertEquals(10_000, successResultOf(d));
    }

    @Test
    void addCallbacksRunsExactlyOneSideAndNeverFeedsTheOther() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addCallbacks(v -> {
            calls.add("cb");
            throw new IOException("from cb");
        }, e -> {
            calls.add("eb");
            return "recovered";
        });
        d.callback("v");
        assertEquals(List.of("cb"), calls, "the errback of the same pair does not see the callback's exception");
        assertEquals("from cb", failureResultOf(d, IOException.class).getMessage());

        calls.clear();
        Deferred<String> f = new Deferred<>();
        f.addCallbacks(v -> {
            calls.add("cb");
            return v;
        }, e -> {
            calls.add("eb:" + e.getMessage());
            return "recovered";
        });
        f.errback(new IOException("x"));
        assertEquals(List.of("eb:x"), calls);
        assertEquals("recovered", successResultOf(f));
    }

    @Test
    void addBothSeesValuesAndFailuresAsTry() {
        List<Try<Integer>> seen = new ArrayList<>();
        Deferred<Integer> ok = new Deferred<>();
        ok.addBoth(t -> {
            seen.add(t);
            return "done";
        });
        ok.callback(7);

        IOException boom = new IOException("boom");
        Deferred<Integer> bad = new Deferred<>();
        Deferred<String> after = bad.addBoth(t -> {
            seen.add(t);
            return "cleaned";
        });
        bad.errback(boom);

        assertEquals(Try.success(7), seen.get(0));
        assertTrue(seen.get(1).isFailure());
        assertSame(boom, seen.get(1).getCause());
        assertEquals("cleaned", successResultOf(after), "returning from addBoth recovers");
    }

    @Test
    void addBothCanPassAFailureOnByRethrowing() {
        IOException boom = new IOException("boom");
        Deferred<Integer> d = new Deferred<>();
        d.addBoth(Try::get);
        d.errback(boom);
        assertSame(boom, failureResultOf(d, IOException.class));
    }

    @Test
    void theLastResultStaysAfterTheChainDrains() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x * 2);
        d.callback(21);
        assertEquals(42, successResultOf(d));
    }
}
