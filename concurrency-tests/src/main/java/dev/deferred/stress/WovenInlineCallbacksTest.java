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
 * The woven hand-off: the same races as {@link InlineCallbacksTest} on bodies deferred-weaver
 * turned into state machines (this module's build weaves this class only). A woven body has no
 * thread of its own: its code after an await runs on whichever thread resumed it, inside that
 * {@code callback()}, and the body's Deferred fires there too.
 */
public final class WovenInlineCallbacksTest {

    private WovenInlineCallbacksTest() {
    }

    /** 1 if the current thread is {@code starter}, 2 if it is {@code firer}, 3 otherwise. */
    static int where(Thread starter, Thread firer) {
        Thread me = Thread.currentThread();
        return me == starter ? 1 : me == firer ? 2 : 3;
    }

    /**
     * A body starts and awaits {@code d} while another thread fires it. Result: (times the body's
     * Deferred fired, its value, d consumed: 1, where the body's code after the await ran * 10 +
     * where its Deferred fired: 1 = the starter, 2 = the firer, 3 = another thread).
     */
    @JCStressTest
    @Outcome(id = "1, 12, 1, 11", expect = ACCEPTABLE, desc = "d fired before the body suspended: the starter ran it to its end.")
    @Outcome(id = "1, 12, 1, 22", expect = ACCEPTABLE_INTERESTING, desc = "The body had suspended: the firer ran the rest of it, inside callback().")
    @Outcome(id = "1, 12, 1, 21", expect = ACCEPTABLE_INTERESTING,
            desc = "The firer ran the rest of the body and fired its Deferred before the starter attached its callback.")
    @Outcome(expect = FORBIDDEN, desc = "Finished twice or never, a wrong value, d kept its result, or the body ran on a thread of its own.")
    @State
    public static class StartVsFire {
        private final Deferred<Integer> d = new Deferred<>();
        private volatile Thread starter;
        private volatile Thread firer;
        private int before;
        private int fired;
        private int value;
        private int ranOn;
        private int firedOn;

        @Actor
        public void start() {
            starter = Thread.currentThread();
            InlineCallbacks.<Integer>run(co -> {
                before = 5;
                int v = co.await(d);
                ranOn = where(starter, firer);
                return v + before;
            }).addBoth(t -> {
                fired++;
                value = InlineCallbacksTest.valueOrReport(t);
                firedOn = where(starter, firer);
                return null;
            });
        }

        @Actor
        public void fire() {
            firer = Thread.currentThread();
            d.callback(7);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = fired;
            r.r2 = value;
            r.r3 = InlineCallbacksTest.heldNull(d);
            r.r4 = ranOn * 10 + firedOn;
        }
    }

    /**
     * A woven body waits on {@code d}; one thread cancels the body's Deferred while another fires
     * {@code d}. Result as in {@link InlineCallbacksTest.CancelVsResume}: (times fired, 8 = value,
     * -1 = CancellationException, the late callback did not throw: 1, d consumed: 1).
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
            r.r4 = InlineCallbacksTest.heldNull(d);
        }
    }
}
