package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import io.vavr.control.Try;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code cancel()} races {@code callback(1)}, on Deferreds with and without a canceller.
 * The nested classes are the tests; this class holds what they share.
 */
public final class CancelVsCallbackTest {

    private CancelVsCallbackTest() {
    }

    /** What the chain saw: 1 = the value 1, 2 = a CancellationException, 0 = anything else. */
    static int classify(Try<Integer> t) {
        if (t.isSuccess()) {
            return t.get() != null && t.get() == 1 ? 1 : 0;
        }
        return t.getCause() instanceof CancellationException ? 2 : 0;
    }

    /** 1 if {@code d.callback(v)} was accepted (or silently ignored), 0 if it threw AlreadyCalledException. */
    static int tryCallback(Deferred<Integer> d, int v) {
        try {
            d.callback(v);
            return 1;
        } catch (AlreadyCalledException rejected) {
            return 0;
        }
    }

    /**
     * No canceller: a cancel that wins fails the Deferred and silently swallows exactly one late
     * fire, so the racing {@code callback} never throws; a second late fire (by the arbiter) must.
     *
     * <p>Result: (racing callback did not throw, what the chain saw, times the chain ran,
     * a further callback did not throw).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "callback first; cancel was a no-op.")
    @Outcome(id = "1, 2, 1, 0", expect = ACCEPTABLE, desc = "cancel first; the late callback was silently swallowed.")
    @Outcome(expect = FORBIDDEN, desc = "A result lost or seen twice, the late callback rejected, or more than one fire swallowed.")
    @State
    public static class NoCanceller {
        private final Deferred<Integer> d = new Deferred<>();
        private int saw;
        private int runs;

        public NoCanceller() {
            d.addBoth(t -> {
                runs++;
                saw = classify(t);
                return null;
            });
        }

        @Actor
        public void cancel() {
            d.cancel();
        }

        @Actor
        public void fire(IIII_Result r) {
            r.r1 = tryCallback(d, 1);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r2 = saw;
            r.r3 = runs;
            r.r4 = tryCallback(d, 2);
        }
    }

    /**
     * A canceller that does not fire the Deferred: it runs at most once, and only if the cancel
     * came first. The value can still land while the canceller runs (then the value wins and the
     * cancellation is dropped); after the cancellation has failed the Deferred, the late callback
     * is rejected with AlreadyCalledException (nothing is swallowed when there is a canceller).
     *
     * <p>Result: (racing callback accepted, what the chain saw, times the chain ran, canceller runs).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "callback first; cancel was a no-op, the canceller never ran.")
    @Outcome(id = "0, 2, 1, 1", expect = ACCEPTABLE, desc = "cancel first; the late callback got AlreadyCalledException.")
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "callback landed while the canceller ran: the value wins, the cancellation is dropped.")
    @Outcome(expect = FORBIDDEN, desc = "A result lost or seen twice, or the canceller ran twice.")
    @State
    public static class IdleCanceller {
        /* Written only by the canceller (on the cancelling thread); read by the arbiter. */
        private int cancellerRuns;
        private final Deferred<Integer> d = new Deferred<>(self -> cancellerRuns++);
        private int saw;
        private int runs;

        public IdleCanceller() {
            d.addBoth(t -> {
                runs++;
                saw = classify(t);
                return null;
            });
        }

        @Actor
        public void cancel() {
            d.cancel();
        }

        @Actor
        public void fire(IIII_Result r) {
            r.r1 = tryCallback(d, 1);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r2 = saw;
            r.r3 = runs;
            r.r4 = cancellerRuns;
        }
    }

    /**
     * A canceller that fires the Deferred itself (the usual kind: it fails it with its own
     * exception) races the operation's own {@code callback}. If the value lands while the canceller
     * runs, the canceller's {@code errback} gets AlreadyCalledException, which propagates out of
     * {@code cancel()}: a canceller that can race a result must expect that.
     *
     * <p>Result: (cancel() returned normally, racing callback accepted, what the chain saw:
     * 1 = value, 3 = the canceller's failure, canceller runs).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "callback first; cancel was a no-op, the canceller never ran.")
    @Outcome(id = "1, 0, 3, 1", expect = ACCEPTABLE, desc = "cancel first; the canceller's failure won, the late callback was rejected.")
    @Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "callback landed while the canceller ran: the value wins, the canceller's errback threw out of cancel().")
    @Outcome(expect = FORBIDDEN, desc = "A result lost or seen twice, or the canceller ran twice.")
    @State
    public static class FiringCanceller {
        private int cancellerRuns;
        private final Deferred<Integer> d = new Deferred<>(self -> {
            cancellerRuns++;
            self.errback(Boom.INSTANCE);
        });
        private int saw;
        private int runs;

        public FiringCanceller() {
            d.addBoth(t -> {
                runs++;
                saw = t.isFailure() && t.getCause() == Boom.INSTANCE ? 3 : classify(t);
                return null;
            });
        }

        @Actor
        public void cancel(IIII_Result r) {
            try {
                d.cancel();
                r.r1 = 1;
            } catch (AlreadyCalledException cancellerLostTheRace) {
                r.r1 = 0;
            }
        }

        @Actor
        public void fire(IIII_Result r) {
            r.r2 = tryCallback(d, 1);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r3 = runs == 1 ? saw : -runs;
            r.r4 = cancellerRuns;
        }
    }

    /**
     * Two threads cancel at once: the canceller runs exactly once and the Deferred ends cancelled.
     *
     * <p>Result: (canceller runs, what the chain saw, times the chain ran).
     */
    @JCStressTest
    @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "The canceller ran once; the Deferred is cancelled.")
    @Outcome(expect = FORBIDDEN, desc = "The canceller ran twice or never, or the chain ran twice or never.")
    @State
    public static class CancelVsCancel {
        private final AtomicInteger cancellerRuns = new AtomicInteger();
        private final Deferred<Integer> d = new Deferred<>(self -> cancellerRuns.incrementAndGet());
        private int saw;
        private int runs;

        public CancelVsCancel() {
            d.addBoth(t -> {
                runs++;
                saw = classify(t);
                return null;
            });
        }

        @Actor
        public void cancel1() {
            d.cancel();
        }

        @Actor
        public void cancel2() {
            d.cancel();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = cancellerRuns.get();
            r.r2 = saw;
            r.r3 = runs;
        }
    }
}
