package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import java.util.concurrent.CancellationException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Chaining across threads: an outer Deferred waits on an inner one (a callback returned it).
 * The nested classes are the tests; this class holds what they share.
 */
public final class ChainedWaitTest {

    private ChainedWaitTest() {
    }

    /** Which thread ran a callback: 1 = {@code first}, 2 = {@code second}, 9 = another one. */
    static int which(Thread first, Thread second) {
        Thread t = Thread.currentThread();
        return t == first ? 1 : t == second ? 2 : 9;
    }

    /**
     * The outer Deferred is already waiting on the inner one (callback 1 is queued behind the
     * wait). One thread fires the inner Deferred; another adds callbacks 2 and 3 to the outer one.
     * All three must run once, in order, with the inner's value (7); the inner is left holding
     * null. Callbacks 2 and 3 run on the inner's firing thread if it is still running the outer
     * chain when they arrive, else on the adding thread.
     *
     * <p>Result: (digits in run order, sum of values seen, inner holds null: 1, thread that ran
     * callbacks 2 and 3 as two digits: 1 = inner's firer, 2 = adder).
     */
    @JCStressTest
    @Outcome(id = "123, 21, 1, 11", expect = ACCEPTABLE, desc = "Added before the hand-off ended: the inner's firer ran them all.")
    @Outcome(id = "123, 21, 1, 22", expect = ACCEPTABLE_INTERESTING, desc = "Added after: the adder ran 2 and 3.")
    @Outcome(id = "123, 21, 1, 12", expect = ACCEPTABLE_INTERESTING,
            desc = "2 arrived while the firer was running the outer chain, 3 after it let go.")
    @Outcome(expect = FORBIDDEN, desc = "A callback lost, run twice, out of order, with the wrong value, or the inner kept its result.")
    @State
    public static class InnerFiredWhileOuterExtended {
        private final Deferred<Integer> inner = new Deferred<>();
        private final Deferred<Integer> outer = new Deferred<>();
        private volatile Thread firer;
        private volatile Thread adder;
        /* Written only by outer's callbacks, which the contract serializes; read by the arbiter. */
        private int order;
        private int sum;
        private int threads;

        public InnerFiredWhileOuterExtended() {
            outer.addCallbackDeferred(v -> inner).addCallback(v -> log(v, 1, false));
            outer.callback(0); // now waiting on inner, callback 1 queued behind the wait
        }

        private Integer log(Integer v, int digit, boolean recordThread) {
            order = order * 10 + digit;
            sum += v;
            if (recordThread) {
                threads = threads * 10 + which(firer, adder);
            }
            return v;
        }

        @Actor
        public void fireInner() {
            firer = Thread.currentThread();
            inner.callback(7);
        }

        @Actor
        public void extendOuter() {
            adder = Thread.currentThread();
            outer.addCallback(v -> log(v, 2, true)).addCallback(v -> log(v, 3, true));
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = order;
            r.r2 = sum;
            int[] innerHoldsNull = {0};
            inner.addBoth(t -> {
                innerHoldsNull[0] = t.isSuccess() && t.get() == null ? 1 : 0;
                return null;
            });
            r.r3 = innerHoldsNull[0];
            r.r4 = threads;
        }
    }

    /**
     * The wait is being set up while the inner Deferred fires: one thread fires the outer
     * Deferred, whose first callback returns the inner one; another fires the inner one. Whether
     * the inner had fired before (its result is taken at once), fires while the outer is between
     * "append the hand-off" and "mark itself waiting", or fires after, callback 1 runs once with 7
     * and the inner is left holding null.
     *
     * <p>Result: (times callback 1 ran, value it saw, inner holds null: 1, thread that ran it:
     * 1 = outer's firer, 2 = inner's firer).
     */
    @JCStressTest
    @Outcome(id = "1, 7, 1, 1", expect = ACCEPTABLE, desc = "The inner had fired (or fired meanwhile): the outer's firer went on.")
    @Outcome(id = "1, 7, 1, 2", expect = ACCEPTABLE_INTERESTING, desc = "The outer was already waiting: the inner's firer ran callback 1.")
    @Outcome(expect = FORBIDDEN, desc = "Callback 1 lost, run twice, saw a wrong value, or the inner kept its result.")
    @State
    public static class WaitSetUpWhileInnerFires {
        private final Deferred<Integer> inner = new Deferred<>();
        private final Deferred<Integer> outer = new Deferred<>();
        private volatile Thread outerFirer;
        private volatile Thread innerFirer;
        private int runs;
        private int seen;
        private int ranOn;

        public WaitSetUpWhileInnerFires() {
            outer.addCallbackDeferred(v -> inner).addCallback(v -> {
                runs++;
                seen = v;
                ranOn = which(outerFirer, innerFirer);
                return v;
            });
        }

        @Actor
        public void fireOuter() {
            outerFirer = Thread.currentThread();
            outer.callback(0);
        }

        @Actor
        public void fireInner() {
            innerFirer = Thread.currentThread();
            inner.callback(7);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = runs;
            r.r2 = seen;
            int[] innerHoldsNull = {0};
            inner.addBoth(t -> {
                innerHoldsNull[0] = t.isSuccess() && t.get() == null ? 1 : 0;
                return null;
            });
            r.r3 = innerHoldsNull[0];
            r.r4 = ranOn;
        }
    }

    /**
     * Two levels: outer waits on middle, middle waits on inner, and nothing else is added to the
     * middle, so firing the inner passes its value through the middle straight to the outer (the
     * middle left at rest holding null without being run). Meanwhile another thread adds a
     * callback to the middle. Whether it lands before the hand-off (the middle is then run, its
     * hand-off first) or after (it runs at once on the adding thread), the outer gets 7 once and
     * the middle's callback runs once and sees null, what chaining leaves in the middle.
     *
     * <p>Result: (times the outer's callback ran, value it saw, times the middle's callback ran,
     * the middle's callback saw null: 1; thread that ran it: 1 = inner's firer, 2 = adder), with
     * the last two as two digits.
     */
    @JCStressTest
    @Outcome(id = "1, 7, 1, 11", expect = ACCEPTABLE_INTERESTING, desc = "Added before the value arrived: the inner's firer ran the middle.")
    @Outcome(id = "1, 7, 1, 12", expect = ACCEPTABLE, desc = "Added after the value passed through: the adder ran it.")
    @Outcome(expect = FORBIDDEN, desc = "A callback lost or run twice, the outer missed the value, or the middle's callback saw a result.")
    @State
    public static class MiddleExtendedWhileValuePassesThrough {
        private final Deferred<Integer> inner = new Deferred<>();
        private final Deferred<Integer> middle = new Deferred<>();
        private final Deferred<Integer> outer = new Deferred<>();
        private volatile Thread firer;
        private volatile Thread adder;
        private int outerRuns;
        private int outerSaw;
        private int middleRuns;
        private int middleSawNull;
        private int middleRanOn;

        public MiddleExtendedWhileValuePassesThrough() {
            middle.addCallbackDeferred(v -> inner);
            middle.callback(0); // middle waits on inner
            outer.addCallbackDeferred(v -> middle).addCallback(v -> {
                outerRuns++;
                outerSaw = v;
                return v;
            });
            outer.callback(0); // outer waits on middle, whose only entry is now outer's hand-off
        }

        @Actor
        public void fireInner() {
            firer = Thread.currentThread();
            inner.callback(7);
        }

        @Actor
        public void extendMiddle() {
            adder = Thread.currentThread();
            middle.addBoth(t -> {
                middleRuns++;
                middleSawNull = t.isSuccess() && t.get() == null ? 1 : 0;
                middleRanOn = which(firer, adder);
                return null;
            });
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = outerRuns;
            r.r2 = outerSaw;
            r.r3 = middleRuns;
            r.r4 = middleSawNull * 10 + middleRanOn;
        }
    }

    /**
     * The outer Deferred waits on an inner one (which has no canceller). One thread cancels the
     * outer, which cancels the inner it waits on; another fires the inner. Either the value gets
     * through (the cancel came too late and did nothing) or the cancellation does (and the
     * inner's late callback is silently swallowed, as for any Deferred cancelled without a
     * canceller). Never both, never neither.
     *
     * <p>Result: (times the outer's callback ran, what it saw: 1 = the value 7, 2 = a
     * CancellationException, 0 = anything else, the inner's callback did not throw,
     * inner left holding null: 1).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "The inner fired first: the value went through; cancel was a no-op.")
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "The cancel reached the inner first: the outer saw the cancellation; the late value was swallowed.")
    @Outcome(expect = FORBIDDEN, desc = "The outer's callback lost or run twice, the late value rejected, or the inner kept a result.")
    @State
    public static class CancelOuterVsInnerFire {
        private final Deferred<Integer> inner = new Deferred<>();
        private final Deferred<Integer> outer = new Deferred<>();
        private int runs;
        private int saw;

        public CancelOuterVsInnerFire() {
            outer.addCallbackDeferred(v -> inner).addBoth(t -> {
                runs++;
                saw = t.isSuccess() ? (t.get() != null && t.get() == 7 ? 1 : 0)
                        : t.getCause() instanceof CancellationException ? 2 : 0;
                return null;
            });
            outer.callback(0); // now waiting on inner
        }

        @Actor
        public void cancelOuter() {
            outer.cancel();
        }

        @Actor
        public void fireInner(IIII_Result r) {
            try {
                inner.callback(7);
                r.r3 = 1;
            } catch (AlreadyCalledException rejected) {
                r.r3 = 0;
            }
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = runs;
            r.r2 = saw;
            int[] innerHoldsNull = {0};
            inner.addBoth(t -> {
                innerHoldsNull[0] = t.isSuccess() && t.get() == null ? 1 : 0;
                return null;
            });
            r.r4 = innerHoldsNull[0];
        }
    }
}
