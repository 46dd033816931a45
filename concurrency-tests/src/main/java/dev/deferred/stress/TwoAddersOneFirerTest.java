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
 * Two threads each add two callbacks (A adds 1 then 2, B adds 3 then 4) while a third fires the
 * Deferred. Every callback must run exactly once, each thread's callbacks in that thread's order,
 * never two at once.
 *
 * <p>The callbacks append their digit to a plain (unsynchronized) int: the contract says callbacks
 * of one Deferred run one at a time, so each must see the writes of the one before it even when
 * they run on different threads. A lost or torn update shows up as a missing digit.
 *
 * <p>Result: (digits in the order the callbacks ran, number of callbacks that ran).
 */
@JCStressTest
@Outcome(id = {"1234, 4", "3412, 4"}, expect = ACCEPTABLE, desc = "One adder's callbacks all ran before the other's.")
@Outcome(id = {"1324, 4", "1342, 4", "3124, 4", "3142, 4"}, expect = ACCEPTABLE_INTERESTING,
        desc = "The two adders' callbacks interleaved, each adder's still in its own order.")
@Outcome(expect = FORBIDDEN, desc = "A callback was lost, ran twice, ran out of its adder's order, or two ran at once.")
@State
public class TwoAddersOneFirerTest {

    private final Deferred<Integer> d = new Deferred<>();

    /* Written only by callbacks, which the contract serializes; read by the arbiter. */
    private int order;
    private int runs;

    private Integer log(Integer v, int digit) {
        order = order * 10 + digit;
        runs++;
        return v;
    }

    @Actor
    public void adderA() {
        d.addCallback(v -> log(v, 1)).addCallback(v -> log(v, 2));
    }

    @Actor
    public void adderB() {
        d.addCallback(v -> log(v, 3)).addCallback(v -> log(v, 4));
    }

    @Actor
    public void firer() {
        d.callback(0);
    }

    @Arbiter
    public void check(II_Result r) {
        r.r1 = order;
        r.r2 = runs;
    }
}
