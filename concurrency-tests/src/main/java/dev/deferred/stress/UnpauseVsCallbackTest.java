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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A paused Deferred with a callback: one thread fires it while another unpauses it. Whoever
 * comes second runs the callback, exactly once (firing a paused Deferred only stores the result;
 * unpausing an unfired one only lowers the count).
 *
 * <p>Result: (times the callback ran, value it saw, still paused: 1, thread that ran it:
 * 1 = firer, 2 = unpauser).
 */
@JCStressTest
@Outcome(id = "1, 1, 0, 1", expect = ACCEPTABLE, desc = "Unpaused first: callback() ran the chain.")
@Outcome(id = "1, 1, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "Fired while paused: unpause() ran the chain.")
@Outcome(expect = FORBIDDEN, desc = "The callback lost, run twice, with a wrong value, or the pause count wrong.")
@State
public class UnpauseVsCallbackTest {

    private final Deferred<Integer> d = new Deferred<>();
    private volatile Thread firer;
    private volatile Thread unpauser;
    private int runs;
    private int seen;
    private int ranOn;

    public UnpauseVsCallbackTest() {
        d.pause();
        d.addCallback(v -> {
            runs++;
            seen = v;
            Thread t = Thread.currentThread();
            ranOn = t == firer ? 1 : t == unpauser ? 2 : 9;
            return v;
        });
    }

    @Actor
    public void fire() {
        firer = Thread.currentThread();
        d.callback(1);
    }

    @Actor
    public void unpause() {
        unpauser = Thread.currentThread();
        d.unpause();
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r1 = runs;
        r.r2 = seen;
        r.r3 = d.isPaused() ? 1 : 0;
        r.r4 = ranOn;
    }
}
