package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.Deferred;
import java.util.concurrent.CancellationException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code cancel()} races {@code callback()} on a Deferred whose callback returns an unfired inner
 * Deferred. Whenever the cancel lands (before the fire, while the callback runs, or once the chain
 * waits), the operation ends cancelled: the chain never ends up waiting on an inner Deferred that
 * nobody cancelled.
 *
 * <p>Result: (outer: 2 = CancellationException, 3 = still waiting, 0 = anything else; times the
 * inner's canceller ran; times the callback ran).
 */
@JCStressTest
@Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "cancel first: the outer failed, its late callback was swallowed.")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "cancel while running or waiting: it reached the inner Deferred.")
@Outcome(id = "3, 0, 1", expect = FORBIDDEN, desc = "cancel lost while the callback ran: waiting on an uncancelled inner.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class CancelVsRunningCallbackTest {
    private final Deferred<Integer> outer = new Deferred<>();
    private final Deferred<Integer> inner;
    private int innerCancels;
    private int callbackRuns;

    public CancelVsRunningCallbackTest() {
        inner = new Deferred<>(self -> innerCancels++);
        outer.addCallbackDeferred(v -> {
            callbackRuns++;
            return inner;
        });
    }

    @Actor
    public void fire() {
        outer.callback(1);
    }

    @Actor
    public void cancel() {
        outer.cancel();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        String state = outer.toString();
        int[] seen = {0};
        if (state.contains("waiting")) {
            seen[0] = 3;
        } else {
            outer.addErrback(e -> {
                seen[0] = e instanceof CancellationException ? 2 : 0;
                return null;
            });
        }
        r.r1 = seen[0];
        r.r2 = innerCancels;
        r.r3 = callbackRuns;
    }
}
