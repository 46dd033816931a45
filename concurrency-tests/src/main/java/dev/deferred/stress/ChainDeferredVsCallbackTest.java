package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code source.chainDeferred(target)}; one thread fires {@code source} with 1 (which forwards 1
 * to {@code target}) while another fires {@code target} with 2 directly. Exactly one reaches
 * {@code target}: if the forward lost, {@code source}'s chain goes on with that
 * AlreadyCalledException as its failure (Twisted's rule); if the direct fire lost, it threw.
 *
 * <p>Result: (target's value seen by its callback, the direct callback(2) did not throw,
 * what source's chain went on with: 1 = null (forwarded), 2 = AlreadyCalledException,
 * 0 = anything else, times target's callback ran).
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "The forward came first; the direct callback(2) was rejected.")
@Outcome(id = "2, 1, 2, 1", expect = ACCEPTABLE, desc = "The direct fire came first; the forward failed source's chain with AlreadyCalledException.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither reached target, or a result lost.")
@State
public class ChainDeferredVsCallbackTest {

    private final Deferred<Integer> source = new Deferred<>();
    private final Deferred<Integer> target = new Deferred<>();
    private int targetSaw;
    private int targetRuns;
    private int sourceWentOn;

    public ChainDeferredVsCallbackTest() {
        target.addCallback(v -> {
            targetRuns++;
            targetSaw = v;
            return null;
        });
        source.chainDeferred(target).addBoth(t -> {
            sourceWentOn = t.isSuccess() && t.get() == null ? 1
                    : t.isFailure() && t.getCause() instanceof AlreadyCalledException ? 2 : 0;
            return null;
        });
    }

    @Actor
    public void fireSource() {
        source.callback(1);
    }

    @Actor
    public void fireTarget(IIII_Result r) {
        try {
            target.callback(2);
            r.r2 = 1;
        } catch (AlreadyCalledException rejected) {
            r.r2 = 0;
        }
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r1 = targetSaw;
        r.r3 = sourceWentOn;
        r.r4 = targetRuns;
    }
}
