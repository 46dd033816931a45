package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import io.vavr.control.Try;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Inline callbacks resumed from other threads. The body keeps state in plain fields across its
 * awaits: the contract says exactly one thread runs it at a time and everything it wrote before
 * an await is visible after it. The nested classes are the tests.
 *
 * <p>{@code scripts/stress.sh} runs these on both mechanisms: continuations, and virtual threads
 * with the default spin window and with one so short that most waits park.
 */
public final class InlineCallbacksTest {

    private InlineCallbacksTest() {
    }

    /** Set once per JVM: the first failure of a body, printed to the fork's output (jcstress shows it). */
    private static final AtomicBoolean FAILURE_REPORTED = new AtomicBoolean();

    /**
     * The body's value, or -1 if it failed (which no test allows): the first such failure in this
     * JVM is printed, so a forbidden outcome comes with its stack trace in the jcstress report.
     */
    static int valueOrReport(Try<Integer> t) {
        if (t.isSuccess()) {
            return t.get();
        }
        if (FAILURE_REPORTED.compareAndSet(false, true)) {
            System.out.println("inline body failed on " + Thread.currentThread() + " (" + InlineCallbacks.mechanism() + "):");
            t.getCause().printStackTrace(System.out);
        }
        return -1;
    }

    /** 1 if {@code d} was consumed (left holding null), else 0. Runs at once: d is fired and idle. */
    static int heldNull(Deferred<Integer> d) {
        int[] r = {0};
        d.addBoth(t -> {
            r[0] = t.isSuccess() && t.get() == null ? 1 : 0;
            return null;
        });
        return r[0];
    }

    /**
     * A body started earlier waits on {@code d1}, then {@code d2}; two threads fire them. The body
     * finishes once with 1 * 10 + 2: on d2's firing thread if it was already waiting on d2, else on
     * d1's firing thread (d2 had fired, so its await did not suspend).
     *
     * <p>Result: (times the body's Deferred fired, its value, both awaited Deferreds consumed: 1,
     * where it fired: 1 = d1's firer, 2 = d2's firer).
     */
    @JCStressTest
    @Outcome(id = "1, 12, 1, 1", expect = ACCEPTABLE, desc = "d2 fired first: d1's firer ran the body to its end.")
    @Outcome(id = "1, 12, 1, 2", expect = ACCEPTABLE_INTERESTING, desc = "The body was waiting on d2: d2's firer resumed and finished it.")
    @Outcome(expect = FORBIDDEN, desc = "The body finished twice or never, with a wrong value, or left a result behind.")
    @State
    public static class ResumedByTwoThreads {
        private final Deferred<Integer> d1 = new Deferred<>();
        private final Deferred<Integer> d2 = new Deferred<>();
        private volatile Thread firer1;
        private volatile Thread firer2;
        /* Written by the body before its second await, read after it: the body's own state. */
        private int firstValue;
        private int fired;
        private int value;
        private int firedOn;

        public ResumedByTwoThreads() {
            InlineCallbacks.<Integer>run(co -> {
                firstValue = co.await(d1);
                int b = co.await(d2);
                return firstValue * 10 + b;
            }).addBoth(t -> {
                fired++;
                value = valueOrReport(t);
                Thread th = Thread.currentThread();
                firedOn = th == firer1 ? 1 : th == firer2 ? 2 : 9;
                return null;
            });
        }

        @Actor
        public void fire1() {
            firer1 = Thread.currentThread();
            d1.callback(1);
        }

        @Actor
        public void fire2() {
            firer2 = Thread.currentThread();
            d2.callback(2);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = fired;
            r.r2 = value;
            r.r3 = heldNull(d1) & heldNull(d2);
            r.r4 = firedOn;
        }
    }

    /**
     * One thread starts a body that awaits {@code d} while another fires {@code d}: the fire may
     * come before the await (no suspension), while the body is suspending (the starter resumes it
     * at once), or after (the firer resumes it). The body finishes once with 7 + 5.
     *
     * <p>Result: (times the body's Deferred fired, its value, d consumed: 1, where it fired:
     * 1 = the starting thread, 2 = the firing thread).
     */
    @JCStressTest
    @Outcome(id = "1, 12, 1, 1", expect = ACCEPTABLE, desc = "d fired before the body suspended: the starter finished it.")
    @Outcome(id = "1, 12, 1, 2", expect = ACCEPTABLE_INTERESTING, desc = "The body was suspended: the firer resumed and finished it.")
    @Outcome(expect = FORBIDDEN, desc = "The body finished twice or never, with a wrong value, or d kept its result.")
    @State
    public static class StartVsFire {
        private final Deferred<Integer> d = new Deferred<>();
        private int before;
        private int fired;
        private int value;
        private int firedOn;

        @Actor
        public void start() {
            Thread me = Thread.currentThread();
            InlineCallbacks.<Integer>run(co -> {
                before = 5;
                int v = co.await(d);
                return v + before;
            }).addBoth(t -> {
                fired++;
                value = valueOrReport(t);
                firedOn = Thread.currentThread() == me ? 1 : 2;
                return null;
            });
        }

        @Actor
        public void fire() {
            d.callback(7);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = fired;
            r.r2 = value;
            r.r3 = heldNull(d);
            r.r4 = firedOn;
        }
    }

    /**
     * A body waits on {@code d} (no canceller). One thread cancels the body's Deferred, which
     * cancels {@code d}; another fires {@code d} with 7. Either the body resumes with 7 and
     * finishes with 8, or the CancellationException is thrown at its await and fails the body's
     * Deferred (the late value is swallowed by {@code d}). Exactly one, exactly once.
     *
     * <p>Result: (times the body's Deferred fired, outcome: 8 = value, -1 = CancellationException,
     * 0 = anything else, the late callback(7) did not throw, d consumed: 1).
     */
    @JCStressTest
    @Outcome(id = "1, 8, 1, 1", expect = ACCEPTABLE, desc = "d fired first: the body finished with its value; the cancel was a no-op.")
    @Outcome(id = "1, -1, 1, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "The cancel came first: the body got the CancellationException at its await; the value was swallowed.")
    @Outcome(expect = FORBIDDEN, desc = "The body finished twice or never, or the late value was rejected, or d kept a result.")
    @State
    public static class CancelVsResume {
        private final Deferred<Integer> d = new Deferred<>();
        private final Deferred<Integer> body;
        private int fired;
        private int outcome;

        public CancelVsResume() {
            body = InlineCallbacks.run(co -> co.await(d) + 1);
            body.addBoth(t -> {
                fired++;
                outcome = t.isSuccess() ? t.get() : t.getCause() instanceof CancellationException ? -1 : 0;
                return null;
            });
        }

        @Actor
        public void cancel() {
            body.cancel();
        }

        @Actor
        public void fire(IIII_Result r) {
            try {
                d.callback(7);
                r.r3 = 1;
            } catch (AlreadyCalledException rejected) {
                r.r3 = 0;
            }
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = fired;
            r.r2 = outcome;
            r.r4 = heldNull(d);
        }
    }
}
