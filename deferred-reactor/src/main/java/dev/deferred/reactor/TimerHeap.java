package dev.deferred.reactor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 4-ary min-heap of {@link Timer}s ordered by (deadline, sequence number), where every timer
 * knows its own slot ({@link Timer#index}) so that removing or moving an arbitrary timer is
 * O(log n) instead of a linear search. Cancelled timers are taken out at once, so they never pile
 * up and the heap holds exactly the pending calls.
 *
 * <p>Why this shape: with a million timers the cost is cache misses, not comparisons. The keys are
 * kept in arrays parallel to the timers ({@code deadlines}, {@code seqs}), so comparing a node's
 * four children reads one or two cache lines instead of chasing four object pointers, and a 4-ary
 * heap has half the levels of a binary one. Sequence numbers are only read on deadline ties.
 *
 * <p>Not thread-safe: it belongs to the single thread that drives its clock (the reactor thread, or
 * whoever advances a {@link Clock}).
 */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private long[] deadlines = new long[64];
    private long[] seqs = new long[64];
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
            int n = size * 2;
            heap = Arrays.copyOf(heap, n);
            deadlines = Arrays.copyOf(deadlines, n);
            seqs = Arrays.copyOf(seqs, n);
        }
        siftUp(size++, t, t.deadline(), t.seq);
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
        place(i, t, t.deadline(), t.seq);
    }

    /** Whether {@code t} is in this heap. */
    boolean contains(Timer t) {
        int i = t.index;
        return i >= 0 && i < size && heap[i] == t;
    }

    /**
     * The deadline {@code t} is ordered by here: the one it had when it was last placed, which
     * differs from {@link Timer#deadline()} while a {@link Clock} defers re-placing a moved timer.
     */
    long placedDeadline(Timer t) {
        return deadlines[t.index];
    }

    /** Takes the next sequence number, as (re)scheduling does: the last place among ties. */
    long takeSeq() {
        return nextSeq++;
    }

    /** Re-places {@code t}, which is in this heap, by its current deadline and tie-breaker {@code seq}. */
    void rekey(Timer t, long seq) {
        t.seq = seq;
        place(t.index, t, t.deadline(), seq);
    }

    /** The pending timers, earliest first. */
    List<Timer> sorted() {
        Timer[] copy = Arrays.copyOf(heap, size);
        Arrays.sort(copy, (a, b) -> a.deadline() != b.deadline()
                ? Long.compare(a.deadline(), b.deadline()) : Long.compare(a.seq, b.seq));
        return new ArrayList<>(Arrays.asList(copy));
    }

    private void removeAt(int i) {
        heap[i].index = -1;
        int last = --size;
        Timer moved = heap[last];
        heap[last] = null;
        if (i != last) {
            place(i, moved, deadlines[last], seqs[last]);
        }
    }

    /** Puts (t, d, s) at slot i, moving it up or down as its key requires. */
    private void place(int i, Timer t, long d, long s) {
        if (i > 0) {
            int parent = (i - 1) >>> 2;
            long pd = deadlines[parent];
            if (d < pd || (d == pd && s < seqs[parent])) {
                siftUp(i, t, d, s);
                return;
            }
        }
        siftDown(i, t, d, s);
    }

    private void set(int i, Timer t, long d, long s) {
        heap[i] = t;
        deadlines[i] = d;
        seqs[i] = s;
        t.index = i;
    }

    private void siftUp(int i, Timer t, long d, long s) {
        Timer[] h = heap;
        long[] ds = deadlines;
        long[] ss = seqs;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pd = ds[parent];
            if (d > pd || (d == pd && s > ss[parent])) {
                break;
            }
            set(i, h[parent], pd, ss[parent]);
            i = parent;
        }
        set(i, t, d, s);
    }

    private void siftDown(int i, Timer t, long d, long s) {
        long[] ds = deadlines;
        long[] ss = seqs;
        int n = size;
        while (true) {
            int first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            int end = Math.min(first + 4, n);
            int best = first;
            long bd = ds[first];
            for (int c = first + 1; c < end; c++) {
                long cd = ds[c];
                if (cd < bd || (cd == bd && ss[c] < ss[best])) {
                    best = c;
                    bd = cd;
                }
            }
            if (bd > d || (bd == d && ss[best] > s)) {
                break;
            }
            set(i, heap[best], bd, ss[best]);
            i = best;
        }
        set(i, t, d, s);
    }
}
