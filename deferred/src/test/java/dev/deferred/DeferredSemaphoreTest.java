package dev.deferred;

import static dev.deferred.Results.failureOf;
import static dev.deferred.Results.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class DeferredSemaphoreTest {

    @Test
    void atMostLimitHoldersThenFifo() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        assertEquals(2, sem.getLimit());
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            sem.acquire().addCallback(s -> got.add(n));
        }
        assertEquals(List.of(0, 1), got);
        assertEquals(0, sem.getTokens());
        assertEquals(3, sem.getWaitingCount());
        sem.release();
        assertEquals(List.of(0, 1, 2), got);
        sem.release();
        sem.release();
        assertEquals(List.of(0, 1, 2, 3, 4), got);
        assertEquals(0, sem.getTokens());
        sem.release();
        sem.release();
        assertEquals(2, sem.getTokens());
    }

    @Test
    void releaseBeyondTheLimitIsAnError() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released more often than acquired"), e.getMessage());
        assertEquals(1, sem.getTokens());
    }

    @Test
    void fewerThanOneTokenIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DeferredSemaphore(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeferredSemaphore(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void cancellingAWaitingAcquireRemovesIt() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        sem.acquire();
        Deferred<DeferredSemaphore> waiting = sem.acquire();
        Deferred<DeferredSemaphore> next = sem.acquire();
        waiting.cancel();
        failureOf(waiting, CancellationException.class);
        assertEquals(1, sem.getWaitingCount());
        sem.release();
        assertSame(sem, valueOf(next)); // the token skipped the cancelled acquire
    }

    @Test
    void cancellingAnAcquireThatHasATokenDoesNothing() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        Deferred<DeferredSemaphore> held = sem.acquire();
        held.cancel();
        assertSame(sem, valueOf(held));
        assertEquals(0, sem.getTokens());
    }

    @Test
    void runReleasesOnSuccessAndFailure() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        assertEquals(3, valueOf(sem.<Integer>run(() -> 3)));
        IOException boom = new IOException("boom");
        assertSame(boom, failureOf(sem.run(() -> {
            throw boom;
        }), IOException.class));
        assertEquals(1, sem.getTokens());
    }

    @Test
    void runLimitsConcurrency() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        List<Deferred<String>> works = new ArrayList<>();
        List<Deferred<String>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Deferred<String> w = new Deferred<>();
            works.add(w);
            runs.add(sem.run(() -> w));
        }
        assertEquals(2, sem.getWaitingCount());
        works.get(1).callback("1");
        assertEquals("1", valueOf(runs.get(1)));
        assertEquals(1, sem.getWaitingCount());
        for (int i : new int[] {0, 2, 3}) {
            works.get(i).callback(String.valueOf(i));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(String.valueOf(i), valueOf(runs.get(i)));
        }
        assertEquals(2, sem.getTokens());
    }

    @Test
    void aWaiterCancelledOnAnotherThreadNeverLosesTheToken() throws Exception {
        // Whichever of release and cancel wins, the token ends up with exactly one party.
        for (int round = 0; round < 200; round++) {
            DeferredSemaphore sem = new DeferredSemaphore(1);
            sem.acquire();
            Deferred<DeferredSemaphore> waiter = sem.acquire();
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                waiter.cancel();
            });
            go.countDown();
            sem.release();
            canceller.join(10_000);
            boolean gotIt = Results.peek(waiter).isSuccess();
            if (!gotIt) {
                waiter.addErrback(e -> null);
            }
            assertEquals(gotIt ? 0 : 1, sem.getTokens(), "round " + round);
            assertEquals(0, sem.getWaitingCount());
        }
    }

    @Test
    void neverMoreThanLimitHoldersAcrossThreads() throws Exception {
        DeferredSemaphore sem = new DeferredSemaphore(3);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    sem.run(() -> {
                        maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        holders.decrementAndGet();
                        return done.incrementAndGet();
                    });
                }
                finished.countDown();
            });
        }
        assertTrue(finished.await(20, TimeUnit.SECONDS));
        assertEquals(2000, done.get());
        assertTrue(maxHolders.get() <= 3, "max holders " + maxHolders.get());
        assertEquals(3, sem.getTokens());
    }
}
