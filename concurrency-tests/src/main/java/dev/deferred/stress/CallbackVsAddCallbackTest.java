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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code callback(42)} on one thread races {@code addCallback(cb)} on another. Whoever comes
 * second runs {@code cb}: the firing thread if the callback was already there, the adding thread
 * if the Deferred had already fired. Either way {@code cb} runs exactly once and sees 42.
 *
 * <p>Result: (times cb ran, value cb saw, thread that ran it: 1 = firer, 2 = adder, 0 = other).
 */
@JCStressTest
@Outcome(id = "1, 42, 1", expect = ACCEPTABLE, desc = "Added first: the firing thread ran the callback.")
@Outcome(id = "1, 42, 2", expect = ACCEPTABLE_INTERESTING, desc = "Fired first: the adding thread ran the callback.")
@Outcome(expect = FORBIDDEN, desc = "The callback was lost, ran twice, saw a wrong value or ran on a third thread.")
@State
public class CallbackVsAddCallbackTest {

    private final Deferred<Integer> d = new Deferred<>();

    /* Written by the actors before they touch the Deferred; read by the callback. */
    private volatile Thread firer;
    private volatile Thread adder;

    /* Written only by the callback; the arbiter reads them after both actors are done. */
    private int runs;
    private int seen;
    private int ranOn;

    @Actor
    public void fire() {
        firer = Thread.currentThread();
        d.callback(42);
    }

    @Actor
    public void add() {
        adder = Thread.currentThread();
        d.addCallback(v -> {
            runs++;
            seen = v;
            Thread t = Thread.currentThread();
            ranOn = t == firer ? 1 : t == adder ? 2 : 0;
            return v;
        });
    }

    @Arbiter
    public void check(III_Result r) {
        r.r1 = runs;
        r.r2 = seen;
        r.r3 = ranOn;
    }
}
