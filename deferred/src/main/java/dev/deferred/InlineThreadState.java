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
     * How many finished bodies' Deferreds this thread is firing, one inside the other: a chain of
     * nested bodies unwinding (firing one body's Deferred resumes the body that waited on it, which
     * finishes, and so on). Past a limit the next finished body is queued instead, and the outermost
     * firing fires the queue in a loop, so a chain of any length unwinds in bounded stack.
     */
    int completionDepth;

    /** Bodies queued past the depth limit; the outermost completion fires them in order. */
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
