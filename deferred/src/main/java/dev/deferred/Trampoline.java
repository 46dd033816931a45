package dev.deferred;

import java.util.ArrayDeque;

/**
 * Runs hand-offs (a lock's release to the next waiter, a queue's put to the next get) without
 * growing the stack: a hand-off requested on a thread that is already running one is queued and
 * run right after the current one returns, on the same thread, in request order.
 *
 * <p>Why: with a line of waiters that each release as soon as they get the lock, each release
 * would otherwise fire the next waiter inside the previous one's callback, one stack level per
 * waiter, until {@link StackOverflowError} (which is what Twisted does).
 */
final class Trampoline {
    /** The hand-offs queued on this thread while one runs; null when none runs. */
    private static final ThreadLocal<ArrayDeque<Runnable>> ACTIVE = new ThreadLocal<>();

    private Trampoline() {}

    /**
     * Runs {@code handOff} now, or, if this thread is inside another hand-off, after it. When this
     * returns at the outermost level, every hand-off queued meanwhile has run. A hand-off that
     * throws does not stop the queued ones (a token or item must never be stranded); the first
     * throwable is rethrown after the queue is empty.
     */
    static void run(Runnable handOff) {
        ArrayDeque<Runnable> queued = ACTIVE.get();
        if (queued != null) {
            queued.addLast(handOff);
            return;
        }
        queued = new ArrayDeque<>();
        ACTIVE.set(queued);
        Throwable first = null;
        try {
            Runnable next = handOff;
            while (next != null) {
                try {
                    next.run();
                } catch (Throwable t) {
                    if (first == null) {
                        first = t;
                    }
                }
                next = queued.pollFirst();
            }
        } finally {
            ACTIVE.remove();
        }
        if (first != null) {
            throw Failures.<RuntimeException>sneaky(first);
        }
    }
}
