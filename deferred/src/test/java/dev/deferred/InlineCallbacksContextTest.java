package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An inline body runs in the context of its run call across every await, on either mechanism. */
class InlineCallbacksContextTest {
    static final ContextKey<String> REQUEST = DeferredContextTest.REQUEST;

    @Test
    void bodySeesTheContextOfRunAcrossAwaitsResumedFromOtherThreads() throws Exception {
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Deferred<String> r = DeferredContext.with(REQUEST, "r1", () -> InlineCallbacks.run(co -> {
            seen.add("start " + REQUEST.get());
            String a = co.await(first);
            seen.add(a + " " + REQUEST.get());
            String b = DeferredContext.with(DeferredContextTest.TENANT, "acme", () -> {
                try {
                    return co.await(second) + " " + DeferredContextTest.TENANT.get();
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            seen.add(b + " " + REQUEST.get() + " " + DeferredContextTest.TENANT.get());
            return REQUEST.get();
        }));
        // The caller's thread is back in its own (empty) context while the body is suspended.
        assertNull(REQUEST.get());
        DeferredContextTest.onAnotherThread(() -> first.callback("first"));
        DeferredContextTest.onAnotherThread(() -> DeferredContext.with(REQUEST, "firer", () -> {
            second.callback("second");
            assertEquals("firer", REQUEST.get(), "the firing thread's context must be restored");
            assertNull(DeferredContextTest.TENANT.get());
        }));
        Outcome<String> out = Outcome.of(r);
        if (InlineMechanism.woven()) {
            // The await inside the Supplier given to DeferredContext.with is not the body's own code:
            // the weaver warned at build time, and on a woven body it fails instead of suspending.
            Throwable f = out.failure();
            assertTrue(f.getCause() instanceof IllegalStateException e && e.getMessage().contains("deferred-weaver"), f.toString());
            assertEquals(List.of("start r1", "first r1"), seen);
            return;
        }
        assertEquals("r1", out.value());
        assertEquals(List.of("start r1", "first r1", "second acme r1 null"), seen);
    }

    @Test
    void bodyStartedWithoutContextDoesNotSeeTheFirersContext() throws Exception {
        Deferred<String> gate = new Deferred<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        InlineCallbacks.run(co -> {
            co.await(gate);
            seen.add(String.valueOf(REQUEST.get()));
            return null;
        });
        DeferredContextTest.onAnotherThread(() -> DeferredContext.with(REQUEST, "firer", () -> gate.callback("go")));
        assertEquals(List.of("null"), seen);
    }
}
