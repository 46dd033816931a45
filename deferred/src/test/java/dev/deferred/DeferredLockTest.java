package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureOf;
import static dev.deferred.Results.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredLockTest {

    @Test
    void acquireFiresAtOnceWithTheLockWhenFree() {
        DeferredLock lock = new DeferredLock();
        assertFalse(lock.isLocked());
        assertSame(lock, valueOf(lock.acquire()));
        assertTrue(lock.isLocked());
    }

    @Test
    void waitersAreServedInOrderAndReleaseHandsOverSynchronously() {
        DeferredLock lock = new DeferredLock();
        List<String> order = new ArrayList<>();
        lock.acquire().addCallback(l -> order.add("first"));
        lock.acquire().addCallback(l -> order.add("second"));
        lock.acquire().addCallback(l -> order.add("third"));
        assertEquals(List.of("first"), order);
        assertEquals(2, lock.getWaitingCount());
        lock.release();
        assertEquals(List.of("first", "second"), order);
        assertTrue(lock.isLocked());
        lock.release();
        lock.release();
        assertEquals(List.of("first", "second", "third"), order);
        assertFalse(lock.isLocked());
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        DeferredLock lock = new DeferredLock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("unlocked"), e.getMessage());
        assertFalse(lock.isLocked());
    }

    @Test
    void cancellingAWaitingAcquireRemovesIt() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> waiting = lock.acquire();
        waiting.cancel();
        failureOf(waiting, CancellationException.class);
        assertEquals(0, lock.getWaitingCount());
        lock.release();
        assertFalse(lock.isLocked()); // nobody got the lock: the cancelled acquire left the queue
    }

    @Test
    void cancellingAnAcquireThatHasTheLockDoesNothing() {
        DeferredLock lock = new DeferredLock();
        Deferred<DeferredLock> held = lock.acquire();
        held.cancel();
        assertSame(lock, valueOf(held));
        assertTrue(lock.isLocked());
    }

    @Test
    void runAcquiresRunsAndReleasesOnSuccess() {
        DeferredLock lock = new DeferredLock();
        boolean[] lockedInside = new boolean[1];
        Deferred<String> r = lock.run(() -> {
            lockedInside[0] = lock.isLocked();
            return "done";
        });
        assertEquals("done", valueOf(r));
        assertTrue(lockedInside[0]);
        assertFalse(lock.isLocked());
    }

    @Test
    void runReleasesOnFailureAndPassesTheFailureOn() {
        DeferredLock lock = new DeferredLock();
        IOException boom = new IOException("boom");
        Deferred<String> r = lock.run(() -> {
            throw boom;
        });
        assertSame(boom, failureOf(r, IOException.class));
        assertFalse(lock.isLocked());
    }

    @Test
    void runHoldsTheLockUntilTheFunctionsDeferredFires() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> work = new Deferred<>();
        Deferred<String> first = lock.run(() -> work);
        AtomicInteger secondRan = new AtomicInteger();
        Deferred<Integer> second = lock.run(secondRan::incrementAndGet);
        assertNoResult(first);
        assertNoResult(second);
        assertEquals(0, secondRan.get());
        work.callback("w");
        assertEquals("w", valueOf(first));
        assertEquals(1, valueOf(second));
        assertFalse(lock.isLocked());
    }

    @Test
    void cancellingARunThatWaitsForTheLockMeansItNeverRuns() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        AtomicInteger ran = new AtomicInteger();
        Deferred<Integer> r = lock.run(ran::incrementAndGet);
        r.cancel();
        failureOf(r, CancellationException.class);
        lock.release();
        assertEquals(0, ran.get());
        assertFalse(lock.isLocked());
    }

    @Test
    void runRejectsNull() {
        assertThrows(NullPointerException.class, () -> new DeferredLock().run(null));
    }

    @Test
    void mutualExclusionAcrossThreads() throws Exception {
        DeferredLock lock = new DeferredLock();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int perThread = 500;
        CountDownLatch finished = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    lock.run(() -> {
                        maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        holders.decrementAndGet();
                        return done.incrementAndGet();
                    });
                }
                finished.countDown();
            });
        }
        assertTrue(finished.await(20, TimeUnit.SECONDS));
        assertEquals(4 * perThread, done.get());
        assertEquals(1, maxHolders.get());
        assertFalse(lock.isLocked());
    }

    @Test
    void aLongLineOfWaitersThatReleaseAtOnceUsesNoStack() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        int n = 100_000;
        int[] served = {0};
        for (int i = 0; i < n; i++) {
            lock.acquire().addCallback(l -> {
                served[0]++;
                l.release();
                return null;
            });
        }
        lock.release();
        assertEquals(n, served[0]);
        assertFalse(lock.isLocked());
    }

    @Test
    void aReleaseInsideAHandOffFiresTheNextWaiterWhenTheCallbackReturns() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        List<String> events = new ArrayList<>();
        lock.acquire().addCallback(l -> {
            events.add("second got it");
            l.release();
            events.add("second released");
            return null;
        });
        lock.acquire().addCallback(l -> events.add("third got it"));
        lock.release();
        assertEquals(List.of("second got it", "second released", "third got it"), events);
        assertTrue(lock.isLocked()); // held by the third
    }

    @Test
    void aReleaseFromTheAcquirersCallbackHandsOnAfterThatCallbackReturns() {
        // docs/guide-twisted.md, difference 25. Twisted 22.4: ['A got', 'B got', 'A after release'].
        DeferredLock lock = new DeferredLock();
        List<String> log = new ArrayList<>();
        lock.acquire();
        lock.acquire().addCallback(l -> {
            log.add("A got");
            l.release();
            log.add("A after release");
            return null;
        });
        lock.acquire().addCallback(l -> log.add("B got"));
        lock.release();
        assertEquals(List.of("A got", "A after release", "B got"), log);
    }
}
