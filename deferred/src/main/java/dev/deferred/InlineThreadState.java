package dev.deferred;

import java.util.ArrayDeque;

/**
 * What inline callbacks remember about one thread: which body is running on it (so that
 * {@code co.await} can tell its own body from another) and the completions waiting to be fired by
 * the completion loop already running lower on this thread's stack.
 *
 * <p>Confined to its thread: every field is read and written only by the thread that owns it, so
 * none needs synchronization.
 */
final class InlineThreadState {
    private static final ThreadLocal<InlineThreadState> STATE = ThreadLocal.withInitial(InlineThreadState::new);

    /** The body whose code this thread is executing right now, or null outside any body. */
    InlineBody<?> current;

    /**
     * True while {@link InlineBody#complete} is firing results on this thread. A body that finishes
     * because of such a firing (a chain of nested bodies unwinding) is queued instead of fired
     * recursively, so that a chain of any length unwinds in a loop rather than on the stack.
     */
    boolean completing;

    /** Bodies that finished while {@link #completing}; the running loop fires them in order. */
    private ArrayDeque<InlineBody<?>> finished;

    static InlineThreadState get() {
        return STATE.get();
    }

    void enqueue(InlineBody<?> body) {
        if (finished == null) {
            finished = new ArrayDeque<>();
        }
        finished.addLast(body);
    }

    InlineBody<?> poll() {
        return finished == null ? null : finished.pollFirst();
    }
}
