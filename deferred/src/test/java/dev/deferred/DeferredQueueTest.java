package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureOf;
import static dev.deferred.Results.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeferredQueueTest {

    @Test
    void getsWaitThenPutsServeTheOldestGetFirst() {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            q.get().addCallback(got::add);
        }
        assertEquals(3, q.getWaitingCount());
        q.put(10);
        assertEquals(List.of(10), got); // synchronously, inside put
        q.put(20);
        q.put(30);
        assertEquals(List.of(10, 20, 30), got);
        assertEquals(0, q.getWaitingCount());
        assertEquals(0, q.getPendingCount());
    }

    @Test
    void putsWaitThenGetsReturnFiredDeferredsInOrder() {
        DeferredQueue<String> q = new DeferredQueue<>();
        q.put("a");
        q.put("b");
        assertEquals(2, q.getPendingCount());
        assertEquals("a", valueOf(q.get()));
        assertEquals("b", valueOf(q.get()));
        assertNoResult(q.get());
    }

    @Test
    void putBeyondSizeOverflows() {
        DeferredQueue<String> q = new DeferredQueue<>(2, 5);
        q.put("a");
        q.put("b");
        QueueOverflowException e = assertThrows(QueueOverflowException.class, () -> q.put("c"));
        assertTrue(e.getMessage().contains("size 2"), e.getMessage());
        assertEquals(2, q.getPendingCount());
        assertEquals("a", valueOf(q.get()));
        q.put("c"); // room again
    }

    @Test
    void sizeZeroAcceptsOnlyWhenAGetWaits() {
        DeferredQueue<String> q = new DeferredQueue<>(0, 1);
        assertThrows(QueueOverflowException.class, () -> q.put("x"));
        Deferred<String> d = q.get();
        q.put("y");
        assertEquals("y", valueOf(d));
    }

    @Test
    void getBeyondBacklogUnderflows() {
        DeferredQueue<String> q = new DeferredQueue<>(5, 2);
        q.get();
        q.get();
        QueueUnderflowException e = assertThrows(QueueUnderflowException.class, q::get);
        assertTrue(e.getMessage().contains("backlog 2"), e.getMessage());
        assertEquals(2, q.getWaitingCount());
        DeferredQueue<String> none = new DeferredQueue<>(5, 0);
        assertThrows(QueueUnderflowException.class, none::get);
        none.put("x");
        assertEquals("x", valueOf(none.get())); // an item that waits is still served
    }

    @Test
    void cancellingAWaitingGetRemovesIt() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        first.cancel();
        failureOf(first, CancellationException.class);
        assertEquals(1, q.getWaitingCount());
        q.put("x");
        assertEquals("x", valueOf(second));
        assertEquals(0, q.getPendingCount());
    }

    @Test
    void cancellingAGetThatHasFiredDoesNothing() {
        DeferredQueue<String> q = new DeferredQueue<>();
        q.put("x");
        Deferred<String> d = q.get();
        d.cancel();
        assertEquals("x", valueOf(d));
        Deferred<String> later = q.get();
        q.put("y");
        later.cancel();
        assertEquals("y", valueOf(later));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DeferredQueue<String>(-1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeferredQueue<String>(0, -1));
        assertTrue(e.getMessage().contains("backlog=-1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new DeferredQueue<String>().put(null));
    }

    @Test
    void anItemIsNeverLostWhenItsGetIsCancelledConcurrently() throws Exception {
        for (int round = 0; round < 200; round++) {
            DeferredQueue<String> q = new DeferredQueue<>();
            Deferred<String> get = q.get();
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                get.cancel();
            });
            go.countDown();
            q.put("item");
            canceller.join(10_000);
            boolean delivered = Results.peek(get).isSuccess();
            if (!delivered) {
                get.addErrback(e -> null);
            }
            assertEquals(delivered ? 0 : 1, q.getPendingCount(), "round " + round);
        }
    }

    @Test
    void producersAndConsumersOnManyThreadsLoseNothing() throws Exception {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        int n = 2000;
        List<Integer> got = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(n);
        Thread consumer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                q.get().addCallback(v -> {
                    got.add(v);
                    all.countDown();
                    return null;
                });
            }
        });
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
        });
        producer.join(10_000);
        consumer.join(10_000);
        assertTrue(all.await(10, TimeUnit.SECONDS));
        List<Integer> sorted = new ArrayList<>(got);
        sorted.sort(null);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, sorted);
        assertEquals(0, q.getPendingCount());
        assertEquals(0, q.getWaitingCount());
    }

    @Test
    void aLongChainOfGetsThatPutAgainUsesNoStack() {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        int n = 100_000;
        int[] last = {-1};
        for (int i = 0; i < n; i++) {
            q.get().addCallback(v -> {
                last[0] = v;
                q.put(v + 1);
                return null;
            });
        }
        q.put(0);
        assertEquals(n - 1, last[0]);
        assertEquals(List.of(n), List.of(valueOf(q.get())));
    }

    @Test
    void aPutFromAGetsCallbackHandsOnAfterThatCallbackReturns() {
        // docs/guide-twisted.md, difference 25. Twisted 22.4: ['A got 1', 'B got 2', 'A after put'].
        DeferredQueue<String> q = new DeferredQueue<>();
        java.util.List<String> log = new java.util.ArrayList<>();
        q.get().addCallback(v -> {
            log.add("A got " + v);
            q.put("2");
            log.add("A after put");
            return null;
        });
        q.get().addCallback(v -> log.add("B got " + v));
        q.put("1");
        assertEquals(java.util.List.of("A got 1", "A after put", "B got 2"), log);
    }
}
