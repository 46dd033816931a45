package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A body that waits forever on a Deferred nobody else holds does not leak: its stack, its state and
 * (on the virtual-thread mechanism) its thread become garbage with the Deferred.
 */
class InlineCallbacksGarbageTest {

    /** Something only the suspended body's stack refers to. */
    private static final class BodyState {
        final byte[] ballast = new byte[1 << 20];
    }

    @Test
    void bodyWaitingOnACollectedDeferredIsCollected() {
        List<WeakReference<BodyState>> states = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            states.add(startBodyThatWaitsForever());
        }
        // A full collection clears weak references before System.gc() returns; a few rounds at
        // most (bounded) cover a collector that needs more than one cycle for the cycle of objects.
        for (int round = 0; round < 10 && states.stream().anyMatch(w -> w.get() != null); round++) {
            System.gc();
        }
        for (WeakReference<BodyState> w : states) {
            assertNull(w.get(), "a body suspended on an unreachable Deferred was kept alive");
        }
    }

    @Test
    void bodyWaitingOnAReachableDeferredIsKeptAndStillResumes() {
        // The counterpart: while someone can still fire the Deferred, the body must stay alive.
        Deferred<String> gate = new Deferred<>();
        List<WeakReference<BodyState>> probe = new ArrayList<>();
        Deferred<Integer> r = InlineCallbacks.run(co -> {
            BodyState mine = new BodyState();
            probe.add(new WeakReference<>(mine));
            co.await(gate);
            return mine.ballast.length;
        });
        Outcome<Integer> out = Outcome.of(r);
        for (int round = 0; round < 3; round++) {
            System.gc();
        }
        gate.callback("go");
        org.junit.jupiter.api.Assertions.assertEquals(1 << 20, out.value());
    }

    private static WeakReference<BodyState> startBodyThatWaitsForever() {
        List<WeakReference<BodyState>> probe = new ArrayList<>(1);
        Deferred<String> never = new Deferred<>();
        InlineCallbacks.run(co -> {
            BodyState mine = new BodyState();
            probe.add(new WeakReference<>(mine));
            String v = co.await(never);
            return v + mine.ballast.length;
        });
        return probe.get(0);
    }
}
