package dev.deferred;

import io.vavr.CheckedFunction0;
import java.util.LinkedHashSet;

/**
 * What {@link DeferredLock} and {@link DeferredSemaphore} share (Twisted's
 * {@code _ConcurrencyPrimitive}): a number of tokens and a FIFO of Deferreds waiting for one.
 *
 * @param <P> the concrete primitive, which acquire's Deferred fires with
 */
abstract class TokenPool<P extends TokenPool<P>> {
    private final int limit;

    /*
     * Guarded by `monitor` (private, so user code cannot hold it):
     *  - 0 <= tokens <= limit: the tokens nobody holds;
     *  - tokens > 0 implies waiting is empty: a free token is always handed to the oldest waiter
     *    in the same critical section that frees it, so an acquire can never overtake a waiter;
     *  - waiting holds the unfired acquire Deferreds in arrival order (a LinkedHashSet: FIFO,
     *    and O(1) removal when one is cancelled).
     * Deferreds are fired only after leaving the monitor.
     */
    private final Object monitor = new Object();
    private int tokens;
    private final LinkedHashSet<Deferred<P>> waiting = new LinkedHashSet<>();

    TokenPool(int limit) {
        this.limit = limit;
        this.tokens = limit;
    }

    @SuppressWarnings("unchecked")
    private P self() {
        return (P) this;
    }

    /** The message for a release with nothing held. */
    abstract String releaseError();

    /**
     * Takes a token: the returned Deferred fires with this primitive once one is free, at once
     * (before returning, on this thread) if one is free now; otherwise it waits its turn, FIFO,
     * and fires on the thread that calls {@link #release()}. Cancelling a waiting acquire removes
     * it from the queue and fails it with a {@link java.util.concurrent.CancellationException};
     * cancelling one that has already fired does nothing (the token stays held).
     *
     * @return a Deferred that fires with this primitive when the token is taken
     */
    public Deferred<P> acquire() {
        Deferred<P> d = new Deferred<>(this::cancelWaiter);
        boolean now;
        synchronized (monitor) {
            now = tokens > 0;
            if (now) {
                tokens--;
            } else {
                waiting.add(d);
            }
        }
        if (now) {
            d.callback(self());
        }
        return d;
    }

    /**
     * Gives a token back. If an acquire is waiting, the token goes straight to the oldest one,
     * whose Deferred fires on this thread before {@code release()} returns.
     *
     * <p>One refinement keeps long lines of waiters from using stack: when {@code release()} is
     * called from a callback that a hand-off is running on this thread (the previous waiter's
     * callbacks), the token is still taken for the next waiter at once, but its Deferred fires
     * right after the current callback returns, on the same thread and before the outermost
     * {@code release()} returns. (Twisted fires it inside, one stack level per waiter.)
     *
     * @throws IllegalStateException if no token is held (released more often than acquired)
     */
    public void release() {
        Deferred<P> next;
        synchronized (monitor) {
            if (tokens == limit) {
                throw new IllegalStateException(releaseError());
            }
            next = (waiting.isEmpty() ? null : waiting.removeFirst());
            if (next == null) {
                tokens++;
                return;
            }
        }
        Deferred<P> first = next;
        Trampoline.HAND_OFFS.run(() -> handTo(first));
    }

    /** Fires {@code d} with the token it was given; if it was cancelled meanwhile, the next waiter gets it. */
    private void handTo(Deferred<P> d) {
        while (true) {
            try {
                d.callback(self());
                return;
            } catch (AlreadyCalledException cancelled) {
                // d was cancelled on another thread after we took it from the queue: the token is
                // still ours to give.
                synchronized (monitor) {
                    d = (waiting.isEmpty() ? null : waiting.removeFirst());
                    if (d == null) {
                        tokens++;
                        return;
                    }
                }
            }
        }
    }

    private void cancelWaiter(Deferred<P> d) {
        synchronized (monitor) {
            waiting.remove(d);
        }
    }

    /**
     * Acquires, then calls {@code fn} via {@link Deferred#maybeDeferred}, and releases when its
     * result is known (when the Deferred it returned fires, if it returned one), whether it
     * succeeded or failed. The returned Deferred fires with {@code fn}'s result.
     *
     * <p>{@code fn} runs on the thread that hands over the token: this one if it is free, else the
     * thread that releases it. Cancelling the returned Deferred while it waits for the token
     * withdraws it ({@code fn} never runs); while {@code fn}'s Deferred is pending, cancels that.
     *
     * <pre>{@code
     * Deferred<Row> row = dbLock.run(() -> db.query(sql));   // one query at a time
     * }</pre>
     *
     * @param fn the work to do while holding the token; may return a value or a Deferred
     * @param <R> its result type
     * @return a Deferred of {@code fn}'s result
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> Deferred<R> run(CheckedFunction0<?> fn) {
        if (fn == null) {
            throw new NullPointerException("run(null): pass the function to run while holding the token");
        }
        return acquire().addCallbackDeferred(held -> Deferred.<R>maybeDeferred(fn).addBoth(outcome -> {
            release();
            if (outcome.isFailure()) {
                throw outcome.getCause();
            }
            return outcome.get();
        }));
    }

    /**
     * How many acquires are waiting for a token.
     *
     * @return the number of waiting acquires
     */
    public int getWaitingCount() {
        synchronized (monitor) {
            return waiting.size();
        }
    }

    /** Free tokens right now. */
    int freeTokens() {
        synchronized (monitor) {
            return tokens;
        }
    }

    int limit() {
        return limit;
    }
}
