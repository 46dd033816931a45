package dev.deferred;

import io.vavr.CheckedFunction1;
import java.lang.invoke.MethodHandle;

/**
 * Called by code deferred-weaver generates; not for direct use. The weaver turns each inline body
 * ({@code InlineCallbacks.run(co -> ...)}) into a state machine and calls these methods from it:
 * {@link #body} marks the function as woven, {@link #tryAwait} replaces {@code co.await} and
 * {@link #suspend} records where the body goes on when the awaited Deferred fires. See
 * {@code docs/threading.md}.
 */
public final class WovenInline {
    private WovenInline() {}

    /** What {@link #tryAwait} returns when the Deferred has not fired: the woven code then suspends. */
    public static final Object PENDING = InlineBody.PENDING;

    /**
     * Marks a body function as woven, so that {@link InlineCallbacks#run} drives it on the calling
     * thread with no strand of its own.
     *
     * @param body the woven body function
     * @param <R> its result type
     * @return a function {@code run} recognises; calling it directly calls {@code body}
     */
    public static <R> CheckedFunction1<InlineCallbacks.Coroutine, R> body(
            CheckedFunction1<? super InlineCallbacks.Coroutine, ? extends R> body) {
        return new WovenBody<>(body);
    }

    /**
     * A woven {@code co.await(deferred)}: the value of a Deferred that has a result, or its failure
     * thrown, at once; else {@link #PENDING}, with the body registered to resume when it fires.
     *
     * @param co the body's handle
     * @param deferred the Deferred awaited
     * @return its value, or {@link #PENDING}
     * @throws Throwable its failure, or what {@link InlineCallbacks.Coroutine#await} throws on misuse
     */
    public static Object tryAwait(InlineCallbacks.Coroutine co, Deferred<?> deferred) throws Throwable {
        if (co == null) {
            throw new NullPointerException("co.await() on a null handle");
        }
        return ((InlineBody<?>) co).awaitWoven(deferred);
    }

    /**
     * Records the woven body's resume point after {@link #tryAwait} returned {@link #PENDING}; the
     * woven code returns right after.
     *
     * @param frame the live locals and operand stack, as the weaver laid them out
     * @param state which await the body waits at
     * @param resume the body's resume method: {@code (Object[] frame, int state, Object value, Throwable failure)}
     */
    public static void suspend(Object[] frame, int state, MethodHandle resume) {
        InlineBody<?> b = InlineThreadState.get().current;
        if (b == null || !(b.strand() instanceof WovenStrand w)) {
            throw new IllegalStateException("WovenInline.suspend called outside a woven inline body: it is for"
                    + " code deferred-weaver generates only");
        }
        w.saved(frame, state, resume);
    }

    /**
     * A body function the weaver marked; {@code InlineCallbacks.run} runs its {@code fn} on a {@link WovenStrand}.
     *
     * @param fn the woven body function (its lambda points at the generated entry method)
     * @param <R> its result type
     */
    record WovenBody<R>(CheckedFunction1<? super InlineCallbacks.Coroutine, ? extends R> fn)
            implements CheckedFunction1<InlineCallbacks.Coroutine, R> {
        private static final long serialVersionUID = 1L;

        @Override
        public R apply(InlineCallbacks.Coroutine co) throws Throwable {
            return fn.apply(co);
        }
    }
}
