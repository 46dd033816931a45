package dev.deferred.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer, single-consumer queue of Runnables (a linked list with a swapped
 * tail, after Vyukov). A producer does one atomic swap and one release store, so many producer
 * threads never retry against each other, unlike a compare-and-set queue.
 *
 * <p>Concurrency: any thread may {@link #offer}; only the reactor thread may {@link #poll} or ask
 * {@link #isEmpty}. {@code tail} is the last node published by a swap; {@code head} is the
 * consumer's stub node (its value already taken). A producer links its node to the previous tail
 * a moment after the swap, so the consumer may briefly see {@code head.next == null} while
 * {@code head != tail}: then the queue is not empty but the next item is not visible yet, and
 * {@link #poll} returns null without waiting (the loop comes back without sleeping, because
 * {@link #isEmpty} says false).
 */
final class MpscQueue {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(MpscQueue.class, "tail", Node.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node {
        Runnable value;
        volatile Node next;

        Node(Runnable value) {
            this.value = value;
        }
    }

    /** Consumer-owned. Padded away from {@code tail}, which producers hammer. */
    private Node head;
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07, p08;
    private volatile Node tail;
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07, q08;

    MpscQueue() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /** Appends {@code r}; any thread. */
    void offer(Runnable r) {
        Node n = new Node(r);
        Node prev = (Node) TAIL.getAndSet(this, n);
        NEXT.setRelease(prev, n);
    }

    /** Takes the oldest visible item, or null; consumer thread only. */
    Runnable poll() {
        Node h = head;
        Node next = (Node) NEXT.getAcquire(h);
        if (next == null) {
            return null;
        }
        head = next;
        Runnable r = next.value;
        next.value = null;
        return r;
    }

    /** True when nothing has been offered that was not polled; consumer thread only. */
    boolean isEmpty() {
        return head == tail;
    }
}
