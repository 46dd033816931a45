package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** DeferredContext: bindings, and the rule that a callback runs in the context it was added in. */
class DeferredContextTest {
    static final ContextKey<String> REQUEST = ContextKey.named("request");
    static final ContextKey<String> TENANT = ContextKey.named("tenant");

    /** Runs {@code r} on a fresh platform thread, which has no context, and waits for it. */
    static void onAnotherThread(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "context-test-firer");
        t.start();
        assertTrue(t.join(Duration.ofSeconds(30)), "the other thread did not finish");
        if (failed.get() != null) {
            throw new AssertionError("the other thread failed", failed.get());
        }
    }

    @Test
    void withBindsForTheBodyAndRestoresAfterwards() {
        assertNull(REQUEST.get());
        String inside = DeferredContext.with(REQUEST, "r1", () -> {
            assertEquals("r1", REQUEST.get());
            return DeferredContext.with(TENANT, "acme", () -> REQUEST.get() + "/" + TENANT.get());
        });
        assertEquals("r1/acme", inside);
        assertNull(REQUEST.get());
        assertEquals("none", REQUEST.orElse("none"));
        assertSame(DeferredContext.empty(), DeferredContext.current());
    }

    @Test
    void withRestoresWhenTheBodyThrows() {
        assertThrows(IllegalStateException.class, () -> DeferredContext.with(REQUEST, "r1", () -> {
            throw new IllegalStateException("boom");
        }));
        assertNull(REQUEST.get());
    }

    @Test
    void contextsAreImmutableAndRebindingReplaces() {
        DeferredContext a = DeferredContext.empty().bind(REQUEST, "r1");
        DeferredContext b = a.bind(REQUEST, "r2").bind(TENANT, "acme");
        assertEquals("r1", a.get(REQUEST));
        assertNull(a.get(TENANT));
        assertEquals("r2", b.get(REQUEST));
        assertEquals(List.of(REQUEST, TENANT), b.getKeys());
        assertEquals("DeferredContext{request=r2, tenant=acme}", b.toString());
        assertTrue(DeferredContext.empty().isEmpty());
    }

    @Test
    void keysCompareByIdentity() {
        ContextKey<String> other = ContextKey.named("request");
        DeferredContext.with(REQUEST, "r1", () -> assertNull(other.get()));
    }

    @Test
    void badInputIsRefusedAtTheCall() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> DeferredContext.with(REQUEST, null, () -> {}));
        assertTrue(e.getMessage().contains("request"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ContextKey.named(null));
        assertNull(REQUEST.get());
    }

    @Test
    void callbackRunsInTheContextItWasAddedInWhenFiredOnAnotherThread() throws Exception {
        Deferred<String> d = new Deferred<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        DeferredContext.with(REQUEST, "r1", () -> {
            d.addCallback(x -> {
                seen.add("cb " + x + " " + REQUEST.get());
                throw new IllegalStateException("to the errback");
            });
        });
        DeferredContext.with(REQUEST, "r2", () -> {
            d.addErrback(e -> {
                seen.add("eb " + REQUEST.get());
                return "recovered";
            });
        });
        d.addBoth(t -> {
            // Added with no context: runs in the firer's, which has none.
            seen.add("both " + REQUEST.get() + " on " + Thread.currentThread().getName());
            return null;
        });
        onAnotherThread(() -> d.callback("x"));
        assertEquals(List.of("cb x r1", "eb r2", "both null on context-test-firer"), seen);
    }

    @Test
    void callbackKeepsItsContextWhenTheFirerHasAnother() {
        Deferred<String> d = new Deferred<>();
        AtomicReference<String> seen = new AtomicReference<>();
        DeferredContext.with(REQUEST, "added", () -> d.addCallback(x -> {
            seen.set(REQUEST.get());
            return x;
        }));
        DeferredContext.with(REQUEST, "firer", () -> {
            d.callback("v");
            // ...and the firer's context is back once the chain has run.
            assertEquals("firer", REQUEST.get());
        });
        assertEquals("added", seen.get());
    }

    @Test
    void callbackAddedWithoutContextRunsInTheFirersContext() {
        Deferred<String> d = new Deferred<>();
        AtomicReference<String> seen = new AtomicReference<>();
        d.addCallback(x -> {
            seen.set(REQUEST.get());
            return x;
        });
        DeferredContext.with(REQUEST, "firer", () -> d.callback("v"));
        assertEquals("firer", seen.get());
    }

    @Test
    void callbackAddedToAFiredDeferredRunsAtOnceInItsContext() {
        Deferred<String> d = Deferred.succeed("v");
        String seen = DeferredContext.with(REQUEST, "r1", () -> {
            AtomicReference<String> s = new AtomicReference<>();
            d.addCallback(x -> {
                s.set(REQUEST.get());
                return x;
            });
            return s.get();
        });
        assertEquals("r1", seen);
    }

    @Test
    void deferredReturningStepAddedInAContextStillChains() {
        chainsThroughWrappers();
    }

    @Test
    void deferredReturningStepAddedInAContextStillChainsInDebugMode() {
        boolean before = Deferred.isDebugging();
        Deferred.setDebugging(true);
        try {
            chainsThroughWrappers();
        } finally {
            Deferred.setDebugging(before);
        }
    }

    private static void chainsThroughWrappers() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        List<String> seen = new ArrayList<>();
        DeferredContext.with(REQUEST, "r1", () -> {
            d.addCallbackDeferred(x -> inner).addCallback(x -> {
                seen.add(x + " " + REQUEST.get());
                return x;
            });
        });
        d.callback("outer");
        assertTrue(seen.isEmpty(), "the chain must wait on the returned Deferred");
        DeferredContext.with(REQUEST, "other", () -> inner.callback("inner"));
        assertEquals(List.of("inner r1"), seen);

        // A plain step that returns a Deferred still fails the chain, naming the method that added it.
        Deferred<Object> plain = new Deferred<>();
        DeferredContext.with(REQUEST, "r1", () -> {
            plain.addCallback(x -> new Deferred<String>());
        });
        plain.callback("x");
        Outcome<Object> out = Outcome.of(plain);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, out.failure());
        assertTrue(e.getMessage().contains("addCallback") && e.getMessage().contains("addCallbackDeferred"), e.getMessage());
    }

    @Test
    void wrapCurrentCarriesTheContextToAnotherThread() throws Exception {
        assertSame(NOTHING, DeferredContext.wrapCurrent(NOTHING), "the empty context must not wrap");
        AtomicReference<String> seen = new AtomicReference<>();
        Runnable task = DeferredContext.with(REQUEST, "r1", () -> DeferredContext.wrapCurrent(() -> seen.set(REQUEST.get())));
        onAnotherThread(task);
        assertEquals("r1", seen.get());
    }

    private static final Runnable NOTHING = () -> {};

    @Test
    void listenersAreToldOfNonEmptyContextsAndUndoneAfterwards() {
        List<String> events = new ArrayList<>();
        DeferredContext.Listener l = ctx -> {
            events.add("in " + ctx.get(REQUEST));
            return () -> events.add("out " + ctx.get(REQUEST));
        };
        DeferredContext.addListener(l);
        try {
            Deferred<String> d = new Deferred<>();
            DeferredContext.with(REQUEST, "r1", () -> d.addCallback(x -> {
                events.add("cb " + REQUEST.get());
                return x;
            }));
            d.addCallback(x -> x); // no context: no listener call
            events.add("fire");
            d.callback("v");
            assertEquals(List.of("in r1", "out r1", "fire", "in r1", "cb r1", "out r1"), events);
        } finally {
            assertTrue(DeferredContext.removeListener(l));
        }
    }

    @Test
    void aThrowingListenerIsLoggedAndTheCodeStillRuns() {
        DeferredContext.Listener l = ctx -> {
            throw new IllegalStateException("listener bug");
        };
        DeferredContext.addListener(l);
        try {
            assertEquals("r1", DeferredContext.with(REQUEST, "r1", () -> REQUEST.get()));
        } finally {
            DeferredContext.removeListener(l);
        }
    }
}
