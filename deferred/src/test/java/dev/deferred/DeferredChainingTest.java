package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Deferred-returning step: the outer chain waits for the inner one (Twisted items 12-18). */
class DeferredChainingTest {

    @Test
    void outerWaitsForAPendingInnerAndTakesItsResult() {
        Deferred<String> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        outer.addCallbackDeferred(x -> inner).addCallback(v -> {
            seen.add(v);
            return v;
        });
        outer.callback(1);
        assertEquals(List.of(), seen, "the outer chain waits");
        assertTrue(outer.isCalled());
        assertTrue(outer.toString().contains("waiting on"), outer.toString());

        inner.callback("inner value");
        assertEquals(List.of("inner value"), seen);
        assertNull(successResultOf(inner), "the inner Deferred is left holding null");
    }

    @Test
    void aFiredInnerIsTakenAtOnce() {
        Deferred<String> inner = Deferred.succeed("ready");
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertEquals("ready", successResultOf(outer));
        assertNull(successResultOf(inner));
    }

    @Test
    void aFailedInnerFailsTheOuterAndIsLeftHoldingNull() {
        IOException boom = new IOException("inner failed");
        Deferred<String> inner = Deferred.fail(boom);
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertSame(boom, failureResultOf(outer, IOException.class));
        assertNull(successResultOf(inner), "the failure moved to the outer; the inner holds null");
    }

    @Test
    void aPendingInnerThatFailsLaterFailsTheOuter() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertNoResult(outer);
        IOException boom = new IOException("later");
        inner.errback(boom);
        assertSame(boom, failureResultOf(outer, IOException.class));
    }

    @Test
    void aPausedFiredInnerIsWaitedForUntilUnpaused() {
        Deferred<Integer> inner = Deferred.succeed(5);
        inner.pause();
        Deferred<Integer> outer = Deferred.succeed(0).addCallbackDeferred(x -> inner);
        assertNoResult(outer);
        assertTrue(outer.toString().contains("waiting on"), outer.toString());
        inner.unpause();
        assertEquals(5, successResultOf(outer));
        assertNull(successResultOf(inner));
    }

    @Test
    void innerCallbacksAddedBeforeReturnRunFirstAndThoseAddedAfterSeeNull() {
        List<String> log = new ArrayList<>();
        Deferred<Integer> inner = new Deferred<>();
        inner.addCallback(r -> {
            log.add("inner-before " + r);
            return r + 1;
        });
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(r -> inner).addCallback(r -> {
            log.add("outer-after " + r);
            return r;
        });
        outer.callback(0);
        inner.addCallback(r -> {
            log.add("inner-after-return " + r);
            return r;
        });
        inner.callback(10);
        // As Twisted 22.4 prints for the same scenario.
        assertEquals(List.of("inner-before 10", "outer-after 11", "inner-after-return null"), log);
    }

    @Test
    void callbacksAddedToTheOuterWhileItWaitsRunAfterTheInnerFires() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        List<Integer> seen = new ArrayList<>();
        outer.addCallback(x -> {
            seen.add(x);
            return x;
        });
        assertEquals(List.of(), seen, "not run while waiting, although the outer has fired");
        inner.callback(9);
        assertEquals(List.of(9), seen);
    }

    @Test
    void chainingIsTransitive() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        List<String> seen = new ArrayList<>();
        a.addCallbackDeferred(x -> b).addCallback(v -> {
            seen.add("a got " + v);
            return v;
        });
        b.addCallbackDeferred(x -> c);
        a.callback("start a");
        b.callback("start b");
        assertEquals(List.of(), seen);
        c.callback("from c");
        assertEquals(List.of("a got from c"), seen);
        assertNull(successResultOf(b));
        assertNull(successResultOf(c));
    }

    @Test
    void chainingIsTransitiveWhenTheMiddleIsFiredLast() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = Deferred.succeed("c value");
        a.addCallbackDeferred(x -> b);
        b.addCallbackDeferred(x -> c);
        a.callback("go");
        assertNoResult(a);
        b.callback("go");
        assertEquals("c value", successResultOf(a));
    }

    @Test
    void nestedAsynchronousChainsFiredOutOfOrderResolve() {
        // The outer's callback returns a fired Deferred whose own chain waits on a third one.
        Deferred<String> third = new Deferred<>();
        List<Object> results = new ArrayList<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(r -> {
            results.add("cb " + r);
            Deferred<String> d = Deferred.succeed("inner");
            return d.addCallbackDeferred(x -> {
                results.add("first " + x);
                return third;
            }).addCallback(x -> {
                results.add("second " + x);
                return x + x;
            });
        }).addCallback(x -> {
            results.add(x);
            return x;
        });
        assertEquals(List.of("cb outer", "first inner"), results);
        third.callback("orange");
        assertEquals(List.of("cb outer", "first inner", "second orange", "orangeorange"), results);
    }

    @Test
    void theHandOffNeedNotBeTheInnersFirstEntry() {
        // The inner Deferred's chain waits on yet another one in its first callback; the outer's
        // hand-off comes after its second. All fire in order once the last one does.
        Deferred<String> last = new Deferred<>();
        List<String> results = new ArrayList<>();
        Deferred<Object> outer = Deferred.succeed("outer").addCallbackDeferred(r -> {
            results.add("cb " + r);
            Deferred<String> d = new Deferred<>();
            d.addCallbackDeferred(x -> {
                results.add("first " + x);
                return last;
            }).addCallback(x -> {
                results.add("second " + x);
                return null;
            });
            d.callback("d");
            return d;
        });
        assertEquals(List.of("cb outer", "first d"), results);
        last.callback("withers");
        assertEquals(List.of("cb outer", "first d", "second withers"), results);
        assertNull(successResultOf(outer));
    }

    @Test
    void aCallbackReturningItsOwnDeferredFailsTheChainWithIllegalStateException() {
        Deferred<Object> d = new Deferred<>();
        d.addCallbackDeferred(x -> d);
        d.callback("x");
        IllegalStateException e = failureResultOf(d, IllegalStateException.class);
        assertTrue(e.getMessage().contains("returned the Deferred it was added to"), e.getMessage());
    }

    @Test
    void addCallbackDeferredReturningNullFailsTheChainWithAClearMessage() {
        Deferred<Integer> d = Deferred.succeed(1);
        Deferred<String> next = d.addCallbackDeferred(x -> null);
        NullPointerException e = failureResultOf(next, NullPointerException.class);
        assertTrue(e.getMessage().contains("addCallbackDeferred returned null"), e.getMessage());
    }

    @Test
    void addCallbackDeferredIsTyped() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> s = d.addCallbackDeferred(x -> Deferred.succeed("#" + x));
        d.callback(4);
        String value = successResultOf(s);
        assertEquals("#4", value);
    }

    @Test
    void addErrbackDeferredWaitsForTheReturnedDeferred() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.<String>fail(new IOException()).addErrbackDeferred(e -> inner);
        assertNoResult(outer);
        inner.callback("recovered later");
        assertEquals("recovered later", successResultOf(outer));
    }

    @Test
    void oneInnerDeferredReturnedTwiceGivesItsResultToTheFirstAndNullToTheSecond() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> first = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        Deferred<String> second = Deferred.succeed(2).addCallbackDeferred(x -> inner);
        inner.callback("only once");
        assertEquals(Arrays.asList("only once", null), Arrays.asList(successResultOf(first), successResultOf(second)));
    }
}
