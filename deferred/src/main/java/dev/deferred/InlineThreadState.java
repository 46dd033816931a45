package dev.deferred;

/**
 * What inline callbacks remember about one thread: which body is running on it (so that
 * {@code co.await} can tell its own body from another). The completions waiting to be fired lower
 * on this thread's stack are {@link Trampoline#COMPLETIONS}'.
 *
 * <p>Confined to its thread: every field is read and written only by the thread that owns it, so
 * none needs synchronization.
 */
final class InlineThreadState {
    private static final ThreadLocal<InlineThreadState> STATE = ThreadLocal.withInitial(InlineThreadState::new);

    /** The body whose code this thread is executing right now, or null outside any body. */
    InlineBody<?> current;

    static InlineThreadState get() {
        return STATE.get();
    }
}
