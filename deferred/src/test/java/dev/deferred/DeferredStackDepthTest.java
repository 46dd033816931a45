package dev.deferred;

import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Depth costs heap, never stack (Twisted item 17; ours also for chainDeferred). Each body runs on
 * a new thread with the JVM's default stack size, so the test does not depend on how large the
 * test runner's own stack happens to be.
 */
class DeferredStackDepthTest {
    private static final int DEPTH = 1_000_000;

    @Test
    void aMillionDeferredsEachReturnedFromThePreviousCallbackResolveFromTheFarEnd() throws Throwable {
        onDefaultStack(() -> {
            Deferred<Integer>[] ds = waitingChain();
            ds[DEPTH].callback(42);
            // Each level added one after taking the result of the level below it.
            assertEquals(42 + DEPTH, successResultOf(ds[0]));
            assertNull(successResultOf(ds[DEPTH / 2]), "a middle Deferred handed its result on");
        });
    }

    @Test
    void aMillionDeferredsLinkedWithChainDeferredResolve() throws Throwable {
        onDefaultStack(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Deferred<Integer>[] ds = new Deferred[DEPTH + 1];
            for (int i = 0; i <= DEPTH; i++) {
                ds[i] = new Deferred<>();
            }
            for (int i = 0; i < DEPTH; i++) {
                ds[i].chainDeferred(ds[i + 1]);
            }
            ds[0].callback(7);
            assertEquals(7, successResultOf(ds[DEPTH]));
            assertNull(successResultOf(ds[0]));
        });
    }

    @Test
    void aMillionChainDeferredLinksWithACallbackAfterEachResolveInOrder() throws Throwable {
        onDefaultStack(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Deferred<Integer>[] ds = new Deferred[DEPTH + 1];
            for (int i = 0; i <= DEPTH; i++) {
                ds[i] = new Deferred<>();
            }
            int[] ran = new int[1];
            int[] lastLevel = {DEPTH + 1};
            boolean[] outOfOrder = new boolean[1];
            for (int i = 0; i < DEPTH; i++) {
                int level = i;
                // Every link leaves an entry behind, to run after the rest of the chain it fired:
                // the deepest level's entry first, the first level's last.
                ds[i].chainDeferred(ds[i + 1]).addCallback(x -> {
                    outOfOrder[0] |= level >= lastLevel[0];
                    lastLevel[0] = level;
                    ran[0]++;
                    return x;
                });
            }
            ds[0].callback(5);
            assertEquals(5, successResultOf(ds[DEPTH]));
            assertEquals(DEPTH, ran[0]);
            assertFalse(outOfOrder[0], "each link's own callback runs after the links it fired");
        });
    }

    @Test
    void cancellingAMillionDeepWaitingChainReachesTheEndAndComesBack() throws Throwable {
        onDefaultStack(() -> {
            Deferred<Integer>[] ds = waitingChain();
            assertFalse(ds[DEPTH].isCalled());
            ds[0].cancel();
            failureResultOf(ds[0], CancellationException.class);
        });
    }

    /**
     * ds[i]'s callback returns ds[i+1]; ds[0..DEPTH-1] are fired, so each waits on the next and
     * only ds[DEPTH] (the far end) is unfired.
     */
    private static Deferred<Integer>[] waitingChain() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deferred<Integer>[] ds = new Deferred[DEPTH + 1];
        for (int i = 0; i <= DEPTH; i++) {
            ds[i] = new Deferred<>();
        }
        for (int i = 0; i < DEPTH; i++) {
            Deferred<Integer> next = ds[i + 1];
            ds[i].addCallbackDeferred(x -> next).addCallback(x -> x + 1);
        }
        for (int i = 0; i < DEPTH; i++) {
            ds[i].callback(i);
        }
        return ds;
    }

    private interface Body {
        void run() throws Throwable;
    }

    private static void onDefaultStack(Body body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "default-stack");
        t.start();
        t.join(120_000);
        if (t.isAlive()) {
            t.interrupt();
            throw new AssertionError("the deep chain did not resolve within 120 s");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
