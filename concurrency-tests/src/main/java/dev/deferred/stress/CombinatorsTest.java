package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import dev.deferred.DeferredList;
import dev.deferred.Deferreds;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Combinators whose inputs fire on different threads. The nested classes are the tests.
 */
public final class CombinatorsTest {

    private CombinatorsTest() {
    }

    /**
     * {@code gatherResults([a, b])} with a and b fired at once on two threads: it fires once, with
     * both values in input order.
     *
     * <p>Result: (times it fired, first value, second value).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "Fired once with [1, 2].")
    @Outcome(expect = FORBIDDEN, desc = "Fired twice or never, or a value lost or misplaced.")
    @State
    public static class GatherFromTwoThreads {
        private final Deferred<Integer> a = new Deferred<>();
        private final Deferred<Integer> b = new Deferred<>();
        private int fired;
        private int first;
        private int second;

        public GatherFromTwoThreads() {
            Deferreds.<Integer>gatherResults(List.of(a, b)).addCallback(values -> {
                fired++;
                first = values.get(0);
                second = values.get(1);
                return null;
            });
        }

        @Actor
        public void fireA() {
            a.callback(1);
        }

        @Actor
        public void fireB() {
            b.callback(2);
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = fired;
            r.r2 = first;
            r.r3 = second;
        }
    }

    /**
     * {@code gatherResults([a, b])}: a fires on one thread (not the last input, so it reports its
     * value without being run, see ChainState.reportedQuietly) while another thread adds a callback
     * to a; then b fires. Either way a's callback runs once with a's value, and the gather fires
     * once with both values.
     *
     * <p>Result: (times a's callback ran, value it saw, times the gather fired, its values as
     * two digits).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 12", expect = ACCEPTABLE, desc = "a's callback saw 1; the gather fired once with [1, 2].")
    @Outcome(expect = FORBIDDEN, desc = "a's callback lost, run twice or saw something else; the gather wrong.")
    @State
    public static class GatherInputExtendedWhileItReports {
        private final Deferred<Integer> a = new Deferred<>();
        private final Deferred<Integer> b = new Deferred<>();
        private int runs;
        private int seen;
        private int fired;
        private int values;

        public GatherInputExtendedWhileItReports() {
            Deferreds.<Integer>gatherResults(List.of(a, b)).addCallback(vs -> {
                fired++;
                values = vs.get(0) * 10 + vs.get(1);
                return null;
            });
        }

        @Actor
        public void fireA() {
            a.callback(1);
        }

        @Actor
        public void extendA() {
            a.addCallback(x -> {
                runs++;
                seen = x;
                return x;
            });
        }

        @Arbiter
        public void check(IIII_Result r) {
            b.callback(2);
            r.r1 = runs;
            r.r2 = seen;
            r.r3 = fired;
            r.r4 = values;
        }
    }

    /**
     * {@code DeferredList.of([a, b])} with a succeeding and b failing at once on two threads: it
     * fires once, with both outcomes in input order (the same engine as gatherResults, with a
     * {@code Try} per input).
     *
     * <p>Result: (times it fired, first value, 1 if the second outcome is b's failure).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Fired once with [Success(1), Failure(b's)].")
    @Outcome(expect = FORBIDDEN, desc = "Fired twice or never, or an outcome lost or misplaced.")
    @State
    public static class DeferredListFromTwoThreads {
        private final Deferred<Integer> a = new Deferred<>();
        private final Deferred<Integer> b = new Deferred<>();
        private final IllegalStateException bFailed = new IllegalStateException("b");
        private int fired;
        private int first;
        private int secondIsFailure;

        public DeferredListFromTwoThreads() {
            DeferredList.of(List.of(a, b)).addCallback(outcomes -> {
                fired++;
                first = outcomes.get(0).get();
                secondIsFailure = outcomes.get(1).isFailure() && outcomes.get(1).getCause() == bFailed ? 1 : 0;
                return null;
            });
            b.addErrback(e -> null); // handled here: not an unhandled error
        }

        @Actor
        public void fireA() {
            a.callback(1);
        }

        @Actor
        public void failB() {
            b.errback(bFailed);
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = fired;
            r.r2 = first;
            r.r3 = secondIsFailure;
        }
    }

    /**
     * {@code race([a, b])} with a and b fired at once on two threads: exactly one wins, once; the
     * loser is cancelled or ignored, and its own late {@code callback} never throws (a Deferred
     * without a canceller swallows the one fire after its cancellation).
     *
     * <p>Result: (times the race fired, winner's index, winner's value, both callbacks returned
     * normally: 1).
     */
    @JCStressTest
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "a won.")
    @Outcome(id = "1, 1, 2, 1", expect = ACCEPTABLE, desc = "b won.")
    @Outcome(expect = FORBIDDEN, desc = "Fired twice or never, a mismatched index and value, or a loser's callback threw.")
    @State
    public static class RaceFromTwoThreads {
        private final Deferred<Integer> a = new Deferred<>();
        private final Deferred<Integer> b = new Deferred<>();
        private int fired;
        private int index = -1;
        private int value;
        private volatile int threw;

        public RaceFromTwoThreads() {
            Deferreds.<Integer>race(List.of(a, b)).addCallback(won -> {
                fired++;
                index = won.index();
                value = won.value();
                return null;
            });
        }

        private void fire(Deferred<Integer> d, int v) {
            try {
                d.callback(v);
            } catch (AlreadyCalledException e) {
                threw = 1;
            }
        }

        @Actor
        public void fireA() {
            fire(a, 1);
        }

        @Actor
        public void fireB() {
            fire(b, 2);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = fired;
            r.r2 = index;
            r.r3 = value;
            r.r4 = 1 - threw;
        }
    }
}
