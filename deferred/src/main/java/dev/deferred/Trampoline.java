package dev.deferred;

import java.util.ArrayDeque;

/**
 * Runs work that may trigger more of the same kind without growing the stack without bound: on a
 * thread already {@code maxDepth} runs deep in this trampoline, the next run is queued and run by
 * the outermost one right after its own work returns, on the same thread, in request order. The
 * one stack-bounding mechanism for work handed from one party to the next:
 * <ul>
 *   <li>{@link #HAND_OFFS} (depth 1): a lock's release to the next waiter, a queue's put to the
 *       next get. With a line of waiters that each release as soon as they get the lock, each
 *       release would otherwise fire the next waiter inside the previous one's callback, one stack
 *       level per waiter, until {@link StackOverflowError} (which is what Twisted does).</li>
 *   <li>{@link #COMPLETIONS} (depth {@value #COMPLETION_DEPTH}): finished inline bodies firing
 *       their Deferreds, which resumes the bodies that waited on them, which finish, and so on.
 *       Deep enough that ordinary nesting fires in exactly Twisted's order, shallow enough (a few
 *       hundred frames) to be safe on any thread's stack.</li>
 * </ul>
 *
 * <p>Not folded in: the chain's own run loop ({@code Chain.runOwned}) keeps an explicit stack of
 * Deferreds to revisit. That one is LIFO (a Deferred left with entries is revisited after the one
 * it handed to), must re-acquire ownership of what it revisits, and runs on the hot path of every
 * nested Deferred without allocating a task per step; a FIFO of Runnables is none of those.
 *
 * <p>Confined to each thread: the depth and queue are per thread (a {@link ThreadLocal}) and per
 * trampoline, so hand-offs and completions never queue behind each other.
 */
final class Trampoline {
    /** How deep finished inline bodies fire their Deferreds one inside the other. */
    static final int COMPLETION_DEPTH = 32;

    /** Lock and queue hand-offs: nothing nests. */
    static final Trampoline HAND_OFFS = new Trampoline(1);
    /** Finished inline bodies firing their Deferreds. */
    static final Trampoline COMPLETIONS = new Trampoline(COMPLETION_DEPTH);

    private final int maxDepth;
    private final ThreadLocal<Frame> frames = ThreadLocal.withInitial(Frame::new);

    /** One thread's state in one trampoline. */
    private static final class Frame {
        /** How many runs of this trampoline are on this thread's stack (or the fresh context's). */
        int depth;
        /** Work queued past the depth limit; the outermost run runs it. Null until first needed. */
        ArrayDeque<Runnable> queued;
    }

    private Trampoline(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /**
     * Runs {@code work} now, or, past the depth limit, after the outermost run's work. When the
     * outermost run returns, every run queued meanwhile has run. A run that throws does not stop
     * the queued ones (a token, item or result must never be stranded); the first throwable is
     * rethrown after the queue is empty.
     */
    void run(Runnable work) {
        Frame f = frames.get();
        int depth = f.depth;
        if (depth >= maxDepth) {
            if (f.queued == null) {
                f.queued = new ArrayDeque<>();
            }
            f.queued.addLast(work);
            return;
        }
        f.depth = depth + 1;
        Throwable first = null;
        try {
            Runnable next = work;
            while (next != null) {
                try {
                    next.run();
                } catch (Throwable t) {
                    if (first == null) {
                        first = t;
                    }
                }
                next = depth == 0 && f.queued != null ? f.queued.pollFirst() : null;
            }
        } finally {
            f.depth = depth;
        }
        if (first != null) {
            throw Failures.<RuntimeException>sneaky(first);
        }
    }

    /**
     * Starts a fresh context on this thread: runs from here on count from depth 0 (and the
     * outermost of them runs what is queued), until {@link #restore}. For code that starts anew
     * inside a run, such as an inline body's own code.
     *
     * @return the depth to hand back to {@link #restore}
     */
    int enterFresh() {
        Frame f = frames.get();
        int depth = f.depth;
        f.depth = 0;
        return depth;
    }

    /** Ends a context begun by {@link #enterFresh}. */
    void restore(int depth) {
        frames.get().depth = depth;
    }
}
