package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A Coroutine handle used where it does not belong: a clear error at the call. */
class InlineCallbacksMisuseTest {

    @Test
    void awaitAfterTheBodyEndedIsAClearError() {
        AtomicReference<InlineCallbacks.Coroutine> leaked = new AtomicReference<>();
        InlineCallbacks.run(co -> {
            leaked.set(co);
            return null;
        });
        Deferred<String> d = Deferred.succeed("x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaked.get().await(d));
        assertTrue(e.getMessage().contains("ended"), e.getMessage());
        // Nothing half-done: the Deferred was not consumed.
        assertEquals("x", Outcome.of(d).value());
    }

    @Test
    void awaitOutsideTheBodyWhileItIsSuspendedIsAClearError() {
        AtomicReference<InlineCallbacks.Coroutine> leaked = new AtomicReference<>();
        Deferred<String> gate = new Deferred<>();
        InlineCallbacks.run(co -> {
            leaked.set(co);
            return co.await(gate);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> leaked.get().await(Deferred.succeed("x")));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void awaitOnAnotherBodysHandleIsAClearError() {
        Deferred<String> outer = InlineCallbacks.run(co -> {
            Deferred<String> inner = InlineCallbacks.run(innerCo -> co.await(Deferred.succeed("wrong handle")));
            try {
                return co.await(inner);
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        String message = Outcome.of(outer).value();
        assertTrue(message.contains("another inline body"), message);
    }

    @Test
    void awaitFromAnotherThreadIsAClearError() {
        Deferred<Throwable> r = InlineCallbacks.run(co -> {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    co.await(Deferred.succeed(1));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            t.join();
            return thrown.get();
        });
        Throwable e = Outcome.of(r).value();
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void awaitFromACallbackThatTheBodyItselfRunsIsAllowed() {
        Deferred<Object> r = InlineCallbacks.run(co -> {
            Deferred<Object> other = new Deferred<>();
            // The callback runs inside the body's own code, on its turn: the await is legal.
            other.addCallback(v -> co.await(Deferred.succeed(v)));
            other.callback("inline");
            return co.await(other);
        });
        assertEquals("inline", Outcome.of(r).value());
    }

    @Test
    void awaitOfNullIsRejected() {
        Deferred<Object> r = InlineCallbacks.run(co -> co.await(null));
        assertInstanceOf(NullPointerException.class, Outcome.of(r).failure());
    }

    @Test
    void awaitOfTheBodysOwnDeferredIsRejected() {
        AtomicReference<Deferred<Object>> self = new AtomicReference<>();
        Deferred<Object> gate = new Deferred<>();
        Deferred<Object> r = InlineCallbacks.run(co -> {
            co.await(gate);
            return co.await(self.get());
        });
        self.set(r);
        Outcome<Object> out = Outcome.of(r);
        gate.callback(null);
        assertInstanceOf(IllegalArgumentException.class, out.failure());
    }

    /** Set before {@link AwaitsInItsInitializer} is first used; read by its static initializer. */
    private static volatile InlineCallbacks.Coroutine handleForInitializer;
    private static final Deferred<String> INITIALIZER_GATE = new Deferred<>();
    private static final java.util.List<Object> INITIALIZER_OUTCOME = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A class whose initializer awaits an unfired Deferred: a frame no continuation can unmount. */
    private static final class AwaitsInItsInitializer {
        static {
            try {
                INITIALIZER_OUTCOME.add(handleForInitializer.await(INITIALIZER_GATE));
            } catch (Throwable e) {
                INITIALIZER_OUTCOME.add(e);
            }
        }

        static void touch() {}
    }

    @Test
    void awaitWhereTheBodyCannotSuspendIsAClearErrorOnContinuationsAndWorksOnVirtualThreads() {
        org.junit.jupiter.api.Assumptions.assumeFalse(InlineCallbacks.mechanism().contains("(carrier)"),
                "documented limitation of the opt-in carrier mechanism: a pinned body (class initializer, native"
                + " frame) parks its carrier, which is the thread that drove it: here the thread that must fire");
        Deferred<Object> r = InlineCallbacks.run(co -> {
            handleForInitializer = co;
            AwaitsInItsInitializer.touch();
            return INITIALIZER_OUTCOME.get(0);
        });
        Outcome<Object> out = Outcome.of(r);
        INITIALIZER_GATE.callback("resumed");
        Object seen = out.value();
        if (InlineCallbacks.mechanism().startsWith("continuation")) {
            // The class initializer's native frame pins the continuation: a clear error, at once.
            assertInstanceOf(IllegalStateException.class, seen);
            assertTrue(((Throwable) seen).getMessage().contains("cannot suspend"), ((Throwable) seen).getMessage());
        } else {
            // The body's virtual thread simply parks inside the initializer until the gate fires.
            assertEquals("resumed", seen);
        }
    }
}
