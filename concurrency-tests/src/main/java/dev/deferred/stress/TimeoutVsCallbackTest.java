package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code addTimeout}'s deadline fires on a "reactor" thread while the value arrives on another.
 * Either the value wins (and the timer is stopped, or had already started and its cancel found
 * nothing to do) or the timeout wins (the chain sees a TimeoutException and the late value is
 * silently swallowed, as after any cancel of a Deferred without a canceller).
 *
 * <p>Result: (the value's callback() did not throw, what the chain saw: 1 = the value,
 * 2 = TimeoutException, 0 = anything else, times the chain ran, the timer:
 * 1 = it ran, 2 = it was cancelled, 0 = still pending).
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "Value first: the timer was cancelled.")
@Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "Deadline first: TimeoutException; the late value was swallowed.")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "The timer started, but the value landed before its cancel(): the value wins.")
@Outcome(expect = FORBIDDEN, desc = "A result lost or seen twice, the late value rejected, or the timer left pending.")
@State
public class TimeoutVsCallbackTest {

    private final ManualReactorTime reactor = new ManualReactorTime();
    private final Deferred<Integer> d = new Deferred<>();
    /* Written only by the chain; read by the arbiter. */
    private int saw;
    private int runs;

    public TimeoutVsCallbackTest() {
        d.addTimeout(Duration.ofSeconds(1), reactor).addBoth(t -> {
            runs++;
            if (t.isSuccess()) {
                saw = t.get() != null && t.get() == 5 ? 1 : 0;
            } else {
                saw = t.getCause() instanceof TimeoutException ? 2 : 0;
            }
            return null;
        });
    }

    @Actor
    public void reactorThread() {
        reactor.runDue();
    }

    @Actor
    public void valueArrives(IIII_Result r) {
        try {
            d.callback(5);
            r.r1 = 1;
        } catch (AlreadyCalledException rejected) {
            r.r1 = 0;
        }
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r2 = saw;
        r.r3 = runs;
        r.r4 = reactor.callState();
    }
}
