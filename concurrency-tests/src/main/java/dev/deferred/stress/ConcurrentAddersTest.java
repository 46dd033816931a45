package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.Deferred;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Several threads add callbacks while the Deferred fires: every callback runs exactly once, each
 * thread's callbacks in the order that thread added them, never two at once.
 *
 * <p>The callbacks append their digit to a plain (unsynchronized) int: the contract says callbacks
 * of one Deferred run one at a time, so each must see the writes of the one before it even when
 * they run on different threads. A lost or torn update shows up as a missing digit.
 *
 * <p>Results: (digits in the order the callbacks ran, number of callbacks that ran). The nested
 * classes are the tests.
 */
public final class ConcurrentAddersTest {

    private ConcurrentAddersTest() {
    }

    /** The shared log: callbacks of one Deferred are serialized by the contract, not by us. */
    abstract static class Log {
        final Deferred<Integer> d = new Deferred<>();
        private int order;
        private int runs;

        /** Adds a callback that logs {@code digit}. */
        final void add(int digit) {
            d.addCallback(v -> {
                order = order * 10 + digit;
                runs++;
                return v;
            });
        }

        final void report(II_Result r) {
            r.r1 = order;
            r.r2 = runs;
        }
    }

    /**
     * Two threads each add two callbacks (A: 1 then 2, B: 3 then 4) while a third fires.
     * Needs a machine with at least 3 CPUs: jcstress does not oversubscribe, and skips it on fewer.
     */
    @JCStressTest
    @Outcome(id = {"1234, 4", "3412, 4"}, expect = ACCEPTABLE, desc = "One adder's callbacks all ran before the other's.")
    @Outcome(id = {"1324, 4", "1342, 4", "3124, 4", "3142, 4"}, expect = ACCEPTABLE_INTERESTING,
            desc = "The two adders' callbacks interleaved, each adder's still in its own order.")
    @Outcome(expect = FORBIDDEN, desc = "A callback lost, run twice, out of its adder's order, or two ran at once.")
    @State
    public static class TwoAddersAndAFirer extends Log {
        @Actor
        public void adderA() {
            add(1);
            add(2);
        }

        @Actor
        public void adderB() {
            add(3);
            add(4);
        }

        @Actor
        public void firer() {
            d.callback(0);
        }

        @Arbiter
        public void check(II_Result r) {
            report(r);
        }
    }

    /**
     * The same race on two CPUs: A adds 1, 2, 3 while B adds 4, fires, and adds 5. Any merge of
     * A's order with B's is allowed; which thread ran what depends on who held the chain.
     */
    @JCStressTest
    @Outcome(id = {"12345, 5", "45123, 5"}, expect = ACCEPTABLE, desc = "One thread's callbacks all ran before the other's.")
    @Outcome(id = {"12435, 5", "12453, 5", "14235, 5", "14253, 5", "14523, 5", "41235, 5", "41253, 5", "41523, 5"},
            expect = ACCEPTABLE_INTERESTING, desc = "The two threads' callbacks interleaved, each thread's in its own order.")
    @Outcome(expect = FORBIDDEN, desc = "A callback lost, run twice, out of its thread's order, or two ran at once.")
    @State
    public static class AdderAndAddingFirer extends Log {
        @Actor
        public void adder() {
            add(1);
            add(2);
            add(3);
        }

        @Actor
        public void addingFirer() {
            add(4);
            d.callback(0);
            add(5);
        }

        @Arbiter
        public void check(II_Result r) {
            report(r);
        }
    }
}
