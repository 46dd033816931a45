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
 * The hand-off of a Deferred that {@code Deferred.succeed} fired without taking its lock (it was
 * not published yet): its creator hands it to a second thread through a plain field, a data race
 * on purpose, and then adds a callback to it while the second thread adds one too. The second
 * thread must see the value, never an unfired or empty Deferred, and each callback runs once, in
 * one order or the other.
 *
 * <p>Result: (what the creator's {@code x + 10} saw, what the second thread's {@code x + 100} saw;
 * -1: the second thread did not see the Deferred, -2: its callback did not run or failed).
 */
@JCStressTest
@Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "The second thread did not see the Deferred yet.")
@Outcome(id = "1, 11", expect = ACCEPTABLE, desc = "The creator's callback ran first.")
@Outcome(id = "101, 1", expect = ACCEPTABLE_INTERESTING, desc = "The second thread's callback ran first.")
@Outcome(expect = FORBIDDEN, desc = "A callback was lost, ran twice, or saw an unfired or stale result.")
@State
public class SucceedHandOffTest {

    /** Plain, not volatile: the hand-off is a data race, the worst publication a user can write. */
    private Deferred<Integer> shared;

    /* Each written only by its callback; the arbiter reads them after both actors are done. */
    private int ownerSaw;
    private int otherSaw = -2;
    private boolean otherSawIt;

    @Actor
    public void creator() {
        Deferred<Integer> d = Deferred.succeed(1);
        shared = d;
        d.addCallback(x -> {
            ownerSaw = x;
            return x + 10;
        });
    }

    @Actor
    public void other() {
        Deferred<Integer> d = shared;
        if (d == null) {
            return;
        }
        otherSawIt = true;
        d.addCallback(x -> {
            otherSaw = x;
            return x + 100;
        });
    }

    @Arbiter
    public void check(II_Result r) {
        r.r1 = ownerSaw;
        r.r2 = otherSawIt ? otherSaw : -1;
    }
}
