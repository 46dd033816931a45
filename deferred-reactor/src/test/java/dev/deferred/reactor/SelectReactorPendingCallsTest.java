package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 16: callFromThread is bounded. A thread that hands the loop calls faster than it
 * runs them waits once {@code maxPendingCalls} are pending, instead of growing the queue without
 * end; the reactor thread itself never waits.
 */
class SelectReactorPendingCallsTest {

    private static final int LIMIT = 10;
    private static final int CALLS = 50;

    /** Blocks the loop until {@code release}; returns once the loop is inside the blocking call. */
    private static void blockLoop(SelectReactor reactor, CountDownLatch release) throws InterruptedException {
        CountDownLatch blocking = new CountDownLatch(1);
        reactor.callFromThread(() -> {
            blocking.countDown();
            try {
                release.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocking.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
    }

    /** Waits (bounded) until {@code t} is parked waiting. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorThread.BOUND_SECONDS);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, t.getState(), "the producer was not held back");
    }

    @Test
    void aProducerWaitsAtTheLimitAndGoesOnWhenTheLoopCatchesUp() throws Exception {
        SelectReactor reactor = new SelectReactor();
        reactor.setMaxPendingCalls(LIMIT);
        try (ReactorThread rt = new ReactorThread(reactor)) {
            CountDownLatch release = new CountDownLatch(1);
            blockLoop(reactor, release);
            List<Integer> ran = new ArrayList<>(); // reactor thread only
            AtomicInteger offered = new AtomicInteger();
            CountDownLatch allRan = new CountDownLatch(CALLS);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < CALLS; i++) {
                    int n = i;
                    reactor.callFromThread(() -> {
                        ran.add(n);
                        allRan.countDown();
                    });
                    offered.incrementAndGet();
                }
            }, "producer");
            producer.start();
            try {
                awaitWaiting(producer);
                // The blocked call itself (and any other call of its turn) counts until its turn ends.
                assertTrue(offered.get() >= LIMIT - 3 && offered.get() <= LIMIT,
                        offered.get() + " calls queued: held back at the limit of " + LIMIT);
            } finally {
                release.countDown();
            }
            assertTrue(allRan.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS), "not every call ran");
            producer.join(TimeUnit.SECONDS.toMillis(ReactorThread.BOUND_SECONDS));
            assertFalse(producer.isAlive());
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                expected.add(i);
            }
            assertEquals(expected, reactor.blockingCallFromThread(() -> List.copyOf(ran)));
        }
    }

    @Test
    void theReactorThreadNeverWaitsForItself() throws Exception {
        SelectReactor reactor = new SelectReactor();
        reactor.setMaxPendingCalls(LIMIT);
        try (ReactorThread rt = new ReactorThread(reactor)) {
            CountDownLatch allRan = new CountDownLatch(CALLS);
            reactor.callFromThread(() -> {
                for (int i = 0; i < CALLS; i++) {
                    reactor.callFromThread(allRan::countDown); // far past the limit, on the loop
                }
            });
            assertTrue(allRan.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void theLimitIsAtLeastOne() {
        SelectReactor reactor = new SelectReactor();
        assertEquals(SelectReactor.DEFAULT_MAX_PENDING_CALLS, reactor.getMaxPendingCalls());
        assertThrows(IllegalArgumentException.class, () -> reactor.setMaxPendingCalls(0));
    }
}
