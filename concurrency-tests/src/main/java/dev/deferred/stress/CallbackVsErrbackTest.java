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
 * {@code callback(1)} races {@code errback(boom)}. Exactly one wins and is the result the chain
 * sees; the other throws {@link AlreadyCalledException} and changes nothing.
 *
 * <p>Result: (callback accepted: 1 / rejected: 0, errback accepted / rejected, what the chain saw:
 * 1 = the value, 2 = boom, 0 = nothing or something else, times the chain ran).
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "callback won; errback got AlreadyCalledException.")
@Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "errback won; callback got AlreadyCalledException.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither accepted, or the chain saw the loser's result, or ran twice.")
@State
public class CallbackVsErrbackTest {

    private final Deferred<Integer> d = new Deferred<>();

    /* Written only by the chain; read by the arbiter. */
    private int saw;
    private int runs;

    public CallbackVsErrbackTest() {
        // addBoth also handles the failure, so no unhandled-error report is left behind.
        d.addBoth(t -> {
            runs++;
            saw = t.isSuccess() ? (t.get() == 1 ? 1 : 0) : (t.getCause() == Boom.INSTANCE ? 2 : 0);
            return null;
        });
    }

    @Actor
    public void fireValue(IIII_Result r) {
        try {
            d.callback(1);
            r.r1 = 1;
        } catch (AlreadyCalledException lost) {
            r.r1 = 0;
        }
    }

    @Actor
    public void fireFailure(IIII_Result r) {
        try {
            d.errback(Boom.INSTANCE);
            r.r2 = 1;
        } catch (AlreadyCalledException lost) {
            r.r2 = 0;
        }
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r3 = saw;
        r.r4 = runs;
    }
}
