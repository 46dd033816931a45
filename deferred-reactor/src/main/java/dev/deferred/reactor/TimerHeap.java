package dev.deferred.reactor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary min-heap of {@link Timer}s ordered by (deadline, sequence number), where every timer
 * knows its own slot ({@link Timer#index}) so that removing or moving an arbitrary timer is
 * O(log n) instead of a linear search. Cancelled timers are taken out at once, so they never pile
 * up and the heap holds exactly the pending calls.
 *
 * <p>Not thread-safe: it belongs to the single thread that drives its clock (the reactor thread, or
 * whoever advances a {@link Clock}).
 */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private int size;
    /** Tie-breaker: equal deadlines run in the order they were (re)scheduled. */
    private long nextSeq;

    /** The sequence number the next (re)scheduled timer will get. */
    long nextSeq() {
        return nextSeq;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest timer, or null. */
    Timer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Timer t) {
        t.seq = nextSeq++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        siftUp(i, t);
    }

    /** Removes and returns the earliest timer (which must exist). */
    Timer poll() {
        Timer top = heap[0];
        removeAt(0);
        return top;
    }

    /** Removes {@code t} if it is in this heap; does nothing otherwise. */
    void remove(Timer t) {
        int i = t.index;
        if (i >= 0 && i < size && heap[i] == t) {
            removeAt(i);
        }
    }

    /**
     * Re-positions {@code t} after its deadline changed. It counts as rescheduled: among timers with
     * the same deadline it now runs last.
     */
    void moved(Timer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) {
            return;
        }
        t.seq = nextSeq++;
        if (i > 0 && less(t, heap[(i - 1) >>> 1])) {
            siftUp(i, t);
        } else {
            siftDown(i, t);
        }
    }

    /** The pending timers, earliest first. */
    List<Timer> sorted() {
        Timer[] copy = Arrays.copyOf(heap, size);
        Arrays.sort(copy, (a, b) -> less(a, b) ? -1 : less(b, a) ? 1 : 0);
        return new ArrayList<>(Arrays.asList(copy));
    }

    private void removeAt(int i) {
        Timer gone = heap[i];
        gone.index = -1;
        int last = --size;
        Timer moved = heap[last];
        heap[last] = null;
        if (i == last) {
            return;
        }
        if (i > 0 && less(moved, heap[(i - 1) >>> 1])) {
            siftUp(i, moved);
        } else {
            siftDown(i, moved);
        }
    }

    private static boolean less(Timer a, Timer b) {
        return a.deadline < b.deadline || (a.deadline == b.deadline && a.seq < b.seq);
    }

    private void siftUp(int i, Timer t) {
        Timer[] h = heap;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = h[parent];
            if (!less(t, p)) {
                break;
            }
            h[i] = p;
            p.index = i;
            i = parent;
        }
        h[i] = t;
        t.index = i;
    }

    private void siftDown(int i, Timer t) {
        Timer[] h = heap;
        int n = size;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timer c = h[child];
            int right = child + 1;
            if (right < n && less(h[right], c)) {
                child = right;
                c = h[child];
            }
            if (!less(c, t)) {
                break;
            }
            h[i] = c;
            c.index = i;
            i = child;
        }
        h[i] = t;
        t.index = i;
    }
}
