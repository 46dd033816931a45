package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting a body and how its end fires the returned Deferred (Twisted semantics 47). */
class InlineCallbacksRunTest {

    @Test
    void bodyRunsAtOnceUpToItsFirstWaitOnAnUnfiredDeferred() {
        List<String> log = new ArrayList<>();
        Deferred<String> gate = new Deferred<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            log.add("start");
            String v = co.await(gate);
            log.add("got " + v);
            return v + "!";
        });
        log.add("run returned");
        Outcome<String> out = Outcome.of(r);
        assertEquals(List.of("start", "run returned"), log);
        assertFalse(r.isCalled());

        gate.callback("x");
        assertEquals(List.of("start", "run returned", "got x"), log);
        assertEquals("x!", out.value());
    }

    @Test
    void bodyThatNeverSuspendsHasFiredItsDeferredWhenRunReturns() {
        Deferred<Integer> r = InlineCallbacks.run(co -> co.<Integer>await(Deferred.succeed(20)) + 1);
        assertTrue(r.isCalled());
        assertEquals(21, Outcome.of(r).value());
    }

    @Test
    void bodyWithoutAnyAwaitFiresWithItsReturnValue() {
        assertEquals("plain", Outcome.of(InlineCallbacks.run(co -> "plain")).value());
        assertTrue(Outcome.of(InlineCallbacks.run(co -> null)).fired());
    }

    @Test
    void exceptionEscapingTheBodyFailsTheDeferredWithThatVeryException() {
        IOException boom = new IOException("boom");
        Deferred<Object> r = InlineCallbacks.run(co -> {
            throw boom;
        });
        assertSame(boom, Outcome.of(r).failure());
    }

    @Test
    void exceptionAfterASuspensionFailsTheDeferredWhenTheBodyResumes() {
        Deferred<Integer> gate = new Deferred<>();
        Deferred<Integer> r = InlineCallbacks.run(co -> {
            int v = co.await(gate);
            throw new IllegalStateException("after " + v);
        });
        Outcome<Integer> out = Outcome.of(r);
        assertFalse(out.fired());
        gate.callback(3);
        assertEquals("after 3", out.failure().getMessage());
    }

    @Test
    void returningADeferredFailsWithAClearError() {
        Deferred<Object> r = InlineCallbacks.run(co -> Deferred.succeed(1));
        Throwable f = Outcome.of(r).failure();
        assertInstanceOf(IllegalArgumentException.class, f);
        assertTrue(f.getMessage().contains("co.await"), f.getMessage());
    }

    @Test
    void nullBodyIsRejectedAtTheCall() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> InlineCallbacks.run(null));
        assertTrue(e.getMessage().contains("body"), e.getMessage());
    }

    @Test
    void fatalErrorPropagatesOutOfRun() {
        // vavr's Try, and the core, treat LinkageError as fatal: not turned into a failure.
        LinkageError fatal = new LinkageError("fatal");
        LinkageError thrown = assertThrows(LinkageError.class, () -> InlineCallbacks.run(co -> {
            throw fatal;
        }));
        assertSame(fatal, thrown);
    }

    @Test
    void fatalErrorAfterAResumePropagatesOutOfCallbackAndLeavesTheDeferredUnfired() {
        Deferred<String> gate = new Deferred<>();
        LinkageError fatal = new LinkageError("fatal");
        Deferred<String> r = InlineCallbacks.run(co -> {
            co.await(gate);
            throw fatal;
        });
        Outcome<String> out = Outcome.of(r);
        assertSame(fatal, assertThrows(LinkageError.class, () -> gate.callback("go")));
        assertFalse(out.fired());
    }

    @Test
    void mechanismIsTheOneThisTestRunExpects() {
        String expected = System.getProperty("dev.deferred.test.inlineMechanism");
        if ("woven".equals(expected)) {
            // Woven bodies run on their own strand whatever the JVM's mechanism for the others is.
            assertEquals("woven", InlineMechanism.ofBodies());
            return;
        }
        String body = InlineMechanism.ofBodies();
        assertTrue(InlineCallbacks.mechanism().startsWith(body), body + " vs " + InlineCallbacks.mechanism());
        String actual = InlineCallbacks.mechanism();
        assertTrue(actual.startsWith("continuation") || actual.startsWith("virtual-thread"), actual);
        if (expected != null) {
            assertTrue(actual.startsWith(expected), "expected " + expected + " but runs " + actual);
        }
    }

    @Test
    void spinWindowIsTheOneThisTestRunAsksFor() {
        // The parking run sets it to 0; the default run leaves the default (on more than one CPU).
        long asked = Long.getLong(VirtualThreadStrand.SPIN_PROPERTY, 20_000);
        long expected = Runtime.getRuntime().availableProcessors() > 1 ? asked : 0;
        assertEquals(expected, VirtualThreadStrand.SPIN_NANOS);
    }
}
