package dev.deferred;

/**
 * How an inline body is suspended and resumed: the one thing the two implementations differ in.
 * A strand runs its body in slices. {@link #step} runs the body, from its start or from where it
 * last suspended, until it suspends again or finishes, and returns only then: the caller of
 * {@code step} and the body never run at the same time.
 */
abstract class Strand {

    /**
     * Runs the body until it calls {@link #suspend()} or returns. Called by the driving thread.
     *
     * @param driver the driving thread's own state
     * @throws InlineDeadlockException if the driver gave the body up instead of waiting forever
     *         for it (it then never steps the body again)
     */
    abstract void step(InlineThreadState driver);

    /**
     * Called by the body: gives control back to the caller of {@link #step}, and returns when the
     * next {@code step} resumes the body (possibly on another thread).
     *
     * @return false if the body cannot be suspended here (it did not suspend and may go on)
     */
    abstract boolean suspend();

    /**
     * Called by the body at each await: throws {@link InlineDeadlockException} if the body's driver
     * gave it up (see {@link VirtualThreadStrand}); a strand that never gives up does nothing.
     */
    void checkNotAbandoned() {}

    /** Why {@link #suspend()} failed, for the error message; only meaningful after it did. */
    String whyNotSuspended() {
        return "";
    }

    /**
     * The thread on whose turn the body's current slice runs: the thread that stepped it (and waits
     * for it), followed through nested bodies to the first thread that is not a body's. Called by
     * the body's own code only.
     */
    abstract Thread drivingThread();

    /** The name of the mechanism, as shown in {@link InlineCallbacks#mechanism()}. */
    abstract String kind();

    /**
     * Runs the body's code for {@link InlineBody#runBody}: the whole body on the strands that
     * suspend a stack, one slice (from the start or the last resume point) on {@link WovenStrand}.
     */
    Object runSlice(io.vavr.CheckedFunction1<? super InlineCallbacks.Coroutine, ?> fn, InlineBody<?> body)
            throws Throwable {
        return fn.apply(body);
    }

    /** Whether the slice {@link #runSlice} just ran ended by suspending rather than with the body's end. */
    boolean sliceSuspended() {
        return false;
    }

    /** The context a slice runs in: the run call's, or on {@link WovenStrand} the one the body suspended in. */
    DeferredContext sliceContext(DeferredContext runContext) {
        return runContext;
    }
}
