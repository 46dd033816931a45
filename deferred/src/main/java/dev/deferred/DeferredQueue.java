package dev.deferred;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;

/**
 * A queue for event-driven code (Twisted's {@code DeferredQueue}): {@link #get()} returns a
 * Deferred that fires with the next item, at once if one waits; {@link #put} hands an item to the
 * oldest waiting get, or keeps it.
 *
 * <pre>{@code
 * DeferredQueue<String> lines = new DeferredQueue<>();
 * lines.get().addCallback(line -> { handle(line); return null; });
 * lines.put("hello");    // handle("hello") runs now, on this thread
 * }</pre>
 *
 * <p>Two optional limits: {@code size}, the items that may wait (a {@code put} beyond it throws
 * {@link QueueOverflowException}; size 0 accepts an item only when a get is waiting), and
 * {@code backlog}, the gets that may wait (a {@code get} beyond it throws
 * {@link QueueUnderflowException}). Items may not be null (as in {@code java.util.concurrent}
 * queues; Twisted allows {@code None}). Thread-safe; no callback runs while the internal monitor
 * is held.
 *
 * @param <T> the item type
 */
public final class DeferredQueue<T> {
    private final int size;
    private final int backlog;

    /*
     * Guarded by `monitor` (private, so user code cannot hold it):
     *  - pending.size() <= size, waiting.size() <= backlog (one exception: an accepted item whose
     *    get was cancelled on another thread mid-hand-off goes back to the head of `pending`
     *    even if that exceeds `size`: a put that returned normally never loses its item);
     *  - pending and waiting are never both non-empty: a put with a waiter hands its item over
     *    instead of storing it, and a get with an item takes it instead of waiting;
     *  - waiting holds the unfired get Deferreds in arrival order (FIFO, O(1) removal on cancel).
     * Deferreds are fired only after leaving the monitor.
     */
    private final Object monitor = new Object();
    private final ArrayDeque<T> pending = new ArrayDeque<>();
    private final LinkedHashSet<Deferred<T>> waiting = new LinkedHashSet<>();

    /** Creates a queue without limits. */
    public DeferredQueue() {
        this(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Creates a queue with limits ({@link Integer#MAX_VALUE} for none).
     *
     * @param size how many items may wait in the queue; 0 or more
     * @param backlog how many gets may wait for an item; 0 or more
     * @throws IllegalArgumentException if a limit is negative
     */
    public DeferredQueue(int size, int backlog) {
        if (size < 0 || backlog < 0) {
            throw new IllegalArgumentException("DeferredQueue: size and backlog must be >= 0 (Integer.MAX_VALUE for no limit), got size="
                    + size + ", backlog=" + backlog);
        }
        this.size = size;
        this.backlog = backlog;
    }

    /**
     * Adds an item. If gets are waiting, the oldest one fires with it now, on this thread, before
     * {@code put} returns; otherwise the item waits at the end of the queue.
     *
     * <p>As with {@link DeferredLock#release()}: when {@code put} is called from a callback that a
     * hand-off is running on this thread (a get's callbacks), the item is given to the next get at
     * once but that get's Deferred fires right after the current callback returns, so long
     * producer/consumer chains use a loop, not the stack.
     *
     * @param item the item; not null
     * @throws NullPointerException if {@code item} is null
     * @throws QueueOverflowException if no get waits and {@code size} items already wait; the
     *         item is not added
     */
    public void put(T item) {
        if (item == null) {
            throw new NullPointerException("DeferredQueue.put(null): items may not be null; wrap absent values (e.g. Optional)");
        }
        Deferred<T> next;
        synchronized (monitor) {
            next = waiting.isEmpty() ? null : waiting.removeFirst();
            if (next == null) {
                if (pending.size() >= size) {
                    throw new QueueOverflowException("DeferredQueue is full: " + pending.size()
                            + " items wait (size " + size + ") and no get() waits; get() some first or allow a larger size");
                }
                pending.addLast(item);
                return;
            }
        }
        Deferred<T> first = next;
        Trampoline.HAND_OFFS.run(() -> handTo(first, item));
    }

    /** Fires {@code d} with {@code item}; if it was cancelled meanwhile, offers the item again. */
    private void handTo(Deferred<T> d, T item) {
        while (true) {
            try {
                d.callback(item);
                return;
            } catch (AlreadyCalledException cancelled) {
                // That get was cancelled on another thread after we took it: the item is still ours.
                synchronized (monitor) {
                    d = waiting.isEmpty() ? null : waiting.removeFirst();
                    if (d == null) {
                        // Even beyond `size`: the put that brought it was accepted.
                        pending.addFirst(item);
                        return;
                    }
                }
            }
        }
    }

    /**
     * Takes the next item: returns a fired Deferred of the oldest waiting item if there is one;
     * otherwise a Deferred that fires, on the thread of the {@link #put} that supplies it, once an
     * item arrives (gets are served in order). Cancelling a waiting get removes it from the queue
     * and fails it with a {@link java.util.concurrent.CancellationException}; cancelling one that
     * has fired does nothing.
     *
     * @return a Deferred of the next item
     * @throws QueueUnderflowException if no item waits and {@code backlog} gets already wait
     */
    public Deferred<T> get() {
        T item;
        synchronized (monitor) {
            item = pending.pollFirst();
            if (item == null) {
                if (waiting.size() >= backlog) {
                    throw new QueueUnderflowException("DeferredQueue backlog exhausted: " + waiting.size()
                            + " gets already wait (backlog " + backlog + ") and no item waits; put() some first or allow a larger backlog");
                }
                Deferred<T> d = new Deferred<>(this::cancelGet);
                waiting.add(d);
                return d;
            }
        }
        return Deferred.succeed(item);
    }

    private void cancelGet(Deferred<T> d) {
        synchronized (monitor) {
            waiting.remove(d);
        }
    }

    /**
     * How many items wait to be taken.
     *
     * @return the number of queued items
     */
    public int getPendingCount() {
        synchronized (monitor) {
            return pending.size();
        }
    }

    /**
     * How many gets wait for an item.
     *
     * @return the number of waiting gets
     */
    public int getWaitingCount() {
        synchronized (monitor) {
            return waiting.size();
        }
    }

    /**
     * The item limit given to the constructor.
     *
     * @return the size limit
     */
    public int getSize() {
        return size;
    }

    /**
     * The waiting-get limit given to the constructor.
     *
     * @return the backlog limit
     */
    public int getBacklog() {
        return backlog;
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return "DeferredQueue{pending=" + pending.size() + ", waiting=" + waiting.size() + "}";
        }
    }
}
