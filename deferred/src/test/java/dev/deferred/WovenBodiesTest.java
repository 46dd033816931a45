package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The shapes of code deferred-weaver must save and restore across an await of an unfired Deferred:
 * locals of every type, values on the operand stack below the await, try/catch/finally, loops,
 * nested and capturing lambdas, instance lambdas, method references. Run on the plain classes (any
 * mechanism) and on the woven copy, where each body must report the woven strand: the results are
 * the same, which is the point.
 */
class WovenBodiesTest {
    private static final boolean EXPECT_WOVEN = "woven".equals(System.getProperty("dev.deferred.test.inlineMechanism"));

    private final List<String> strands = new ArrayList<>();
    private int field = 7;

    private String strand(InlineCallbacks.Coroutine co) {
        String m = ((InlineBody<?>) co).mechanism();
        strands.add(m);
        return m;
    }

    private void assertStrands() {
        assertTrue(!strands.isEmpty());
        for (String s : strands) {
            assertEquals(EXPECT_WOVEN, s.equals("woven"), "strand " + s);
        }
    }

    @Test
    void localsOfEveryTypeSurviveAPendingAwait() {
        Deferred<String> gate = new Deferred<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            strand(co);
            boolean z = true;
            byte b = -3;
            char c = 'q';
            short s = 300;
            int i = 123_456;
            long l = 1L << 40;
            float f = 1.5f;
            double d = Math.PI;
            String str = "s";
            int[] arr = {1, 2};
            Object none = null;
            String got = co.await(gate);
            l += i;
            arr[0]++;
            return got + z + b + c + s + i + l + f + d + str + Arrays.toString(arr) + none;
        });
        Outcome<String> out = Outcome.of(r);
        gate.callback("go:");
        assertEquals("go:true-3q300123456" + ((1L << 40) + 123_456) + "1.5" + Math.PI + "s[2, 2]null", out.value());
        assertStrands();
    }

    @Test
    void valuesOnTheStackBelowTheAwaitAreKept() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Double> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<Long> d = new Deferred<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            strand(co);
            long base = 1_000_000_000_000L;
            long sum = base + co.<Integer>await(a) * 2L;                 // long below
            double prod = 2.5 * co.<Double>await(b);                      // double below
            String built = new StringBuilder("<").append(sum).append(co.<String>await(c)).toString(); // object below
            int max = Math.max(5, (int) (long) co.<Long>await(d));      // int below
            return built + "|" + prod + "|" + max;
        });
        Outcome<String> out = Outcome.of(r);
        a.callback(21);
        b.callback(4.0);
        c.callback(">");
        d.callback(9L);
        assertEquals("<1000000000042>|10.0|9", out.value());
        assertStrands();
    }

    @Test
    void tryCatchFinallyAroundAwaitsCatchTheFailureWithItsOwnType() {
        IOException boom = new IOException("boom");
        Deferred<String> failing = new Deferred<>();
        Deferred<String> inCatch = new Deferred<>();
        Deferred<String> inFinally = new Deferred<>();
        List<String> log = new ArrayList<>();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            strand(co);
            String v;
            try {
                v = co.await(failing);
                log.add("not reached");
            } catch (IllegalStateException wrong) {
                v = "wrong handler";
            } catch (IOException e) {
                caught.set(e);
                v = co.await(inCatch);
            } finally {
                log.add("finally " + co.await(inFinally));
            }
            return v;
        });
        Outcome<String> out = Outcome.of(r);
        failing.errback(boom);
        assertSame(boom, caught.get());
        inCatch.callback("recovered");
        assertEquals(List.of(), log);
        inFinally.callback("ran");
        assertEquals(List.of("finally ran"), log);
        assertEquals("recovered", out.value());
        assertStrands();
    }

    @Test
    void aFailureNotCaughtInTheBodyFailsItsDeferredWithThatObject() {
        IOException boom = new IOException("boom");
        Deferred<String> gate = new Deferred<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            strand(co);
            try {
                return co.await(gate);
            } finally {
                field++;
            }
        });
        Outcome<String> out = Outcome.of(r);
        gate.errback(boom);
        assertSame(boom, out.failure());
        assertEquals(8, field);
        assertStrands();
    }

    @Test
    void loopsAwaitEachPendingDeferredInTurn() {
        int n = 10_000;
        List<Deferred<Integer>> ds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ds.add(new Deferred<>());
        }
        Deferred<Long> r = InlineCallbacks.run(co -> {
            strand(co);
            long sum = 0;
            int k = 0;
            while (k < n) {
                switch (k % 3) {
                    case 0 -> sum += co.<Integer>await(ds.get(k));
                    case 1 -> sum += 2L * co.<Integer>await(ds.get(k));
                    default -> {
                        int v = co.await(ds.get(k));
                        sum += k % 2 == 0 ? v : co.<Integer>await(Deferred.succeed(v));
                    }
                }
                k++;
            }
            return sum;
        });
        Outcome<Long> out = Outcome.of(r);
        long expected = 0;
        for (int i = 0; i < n; i++) {
            ds.get(i).callback(i);
            expected += i % 3 == 1 ? 2L * i : i;
        }
        assertEquals(expected, out.value());
        assertStrands();
    }

    @Test
    void aConditionalJoinOfTwoAwaitsKeepsItsValue() {
        for (boolean left : new boolean[] {true, false}) {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            Deferred<Object> r = InlineCallbacks.run(co -> {
                strand(co);
                Object v = left ? co.await(a) : co.await(b);
                return v;
            });
            Outcome<Object> out = Outcome.of(r);
            (left ? a : b).callback(left ? "a" : "b");
            assertEquals(left ? "a" : "b", out.value());
        }
        assertStrands();
    }

    @Test
    void nestedBodiesAndCapturedVariablesAreWovenToo() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        int captured = 100;
        String prefix = "n=";
        Deferred<String> r = InlineCallbacks.run(co -> {
            strand(co);
            int first = co.await(outer);
            Deferred<Integer> nested = InlineCallbacks.run(co2 -> {
                strand(co2);
                return captured + first + co2.<Integer>await(inner);
            });
            return prefix + co.await(nested);
        });
        Outcome<String> out = Outcome.of(r);
        outer.callback(10);
        inner.callback(1);
        assertEquals("n=111", out.value());
        assertEquals(2, strands.size());
        assertStrands();
    }

    @Test
    void anInstanceLambdaUsesThisAcrossAwaits() {
        Deferred<Integer> gate = new Deferred<>();
        Deferred<Integer> r = InlineCallbacks.run(co -> {
            strand(co);
            field = co.<Integer>await(gate) + field;
            return field;
        });
        Outcome<Integer> out = Outcome.of(r);
        gate.callback(5);
        assertEquals(12, out.value());
        assertStrands();
    }

    private int instanceBody(InlineCallbacks.Coroutine co) throws Throwable {
        strand(co);
        int v = co.await(methodGate);
        return v * field;
    }

    private static String staticBody(InlineCallbacks.Coroutine co) throws Throwable {
        return "static " + co.await(STATIC_GATE.get());
    }

    private Deferred<Integer> methodGate;
    private static final AtomicReference<Deferred<String>> STATIC_GATE = new AtomicReference<>();

    @Test
    void methodReferencesAreWovenAndTheMethodStaysCallable() {
        methodGate = new Deferred<>();
        Outcome<Integer> out = Outcome.of(InlineCallbacks.run(this::instanceBody));
        methodGate.callback(6);
        assertEquals(42, out.value());
        assertStrands();

        STATIC_GATE.set(new Deferred<>());
        Outcome<String> s = Outcome.of(InlineCallbacks.run(WovenBodiesTest::staticBody));
        STATIC_GATE.get().callback("ok");
        assertEquals("static ok", s.value());

        // Called directly with a fired Deferred, the original method still works as written.
        methodGate = Deferred.succeed(2);
        Outcome<Integer> direct = Outcome.of(InlineCallbacks.run(co -> instanceBody(co) + co.<Integer>await(Deferred.succeed(0))));
        assertEquals(14, direct.value());
    }

    /** A body in an interface's default method: the generated methods live in the interface. */
    interface Greeter {
        String name();

        default Deferred<String> greet(Deferred<String> salutation, List<String> strands) {
            return InlineCallbacks.run(co -> {
                strands.add(((InlineBody<?>) co).mechanism());
                return co.await(salutation) + ", " + name();
            });
        }
    }

    @Test
    void aBodyInAnInterfacesDefaultMethodIsWoven() {
        Deferred<String> salutation = new Deferred<>();
        Outcome<String> out = Outcome.of(((Greeter) () -> "Ada").greet(salutation, strands));
        salutation.callback("hello");
        assertEquals("hello, Ada", out.value());
        assertStrands();
    }

    /** A body started by a class initializer suspends by returning: nothing is pinned or blocked. */
    static final class StartedInInitializer {
        static final Deferred<String> GATE = new Deferred<>();
        static final List<String> STRANDS = new ArrayList<>();
        static final Deferred<String> RESULT = InlineCallbacks.run(co -> {
            STRANDS.add(((InlineBody<?>) co).mechanism());
            return "init " + co.await(GATE);
        });
    }

    @Test
    void aBodyStartedInAClassInitializerResumesLater() {
        // Woven only: unwoven, the body runs on a thread of its own (virtual threads), which cannot
        // call into a class still being initialized by the thread waiting for it, or it cannot
        // suspend under the initializer's native frame (continuations).
        assumeTrue(EXPECT_WOVEN, "a body started by its own class's initializer needs the woven mechanism");
        Outcome<String> out = Outcome.of(StartedInInitializer.RESULT);
        StartedInInitializer.GATE.callback("done");
        assertEquals("init done", out.value());
        strands.addAll(StartedInInitializer.STRANDS);
        assertStrands();
    }

    @Test
    void wovenClassesCarryTheirResumeMethodsAndPassTheVerifier() throws Exception {
        // Loading and running this class went through the JVM's verifier; on the woven copy it has
        // the resume methods the weaver added.
        boolean hasResume = Arrays.stream(WovenBodiesTest.class.getDeclaredMethods())
                .anyMatch(m -> m.getName().endsWith("$resume") && m.isSynthetic());
        assertEquals(EXPECT_WOVEN, hasResume);
    }
}
