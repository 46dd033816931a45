package dev.deferred;

import io.vavr.CheckedFunction1;
import java.lang.invoke.MethodHandle;

/**
 * The strand of a body that deferred-weaver turned into a state machine: no stack is kept and no
 * second thread exists. A slice is a plain method call on the driving thread: the body's entry
 * method at first, then the resume method the body registered at its last suspension
 * ({@link #saved}), given the awaited Deferred's value or failure. A suspension is the woven code
 * saving its live locals into an array and returning. So the body runs like a callback: on the
 * thread that fires its Deferred, inside that {@code callback()}, re-entering any lock that thread
 * holds, with no scheduler involved.
 *
 * <p>Everything here is confined to the thread that steps the body; the hand-over between drivers
 * (the waiter's state CAS in {@link InlineBody}) orders one driver's writes before the next one's reads.
 */
final class WovenStrand extends Strand {
    private final InlineBody<?> body;
    /** The resume point the last suspension saved; null before the first slice and while a slice runs. */
    private MethodHandle resume;
    private Object[] frame;
    private int state;
    /** The context the body was in when it suspended, which its next slice runs in. */
    private DeferredContext suspendedIn;
    /** Set by {@link #saved} during a slice: that slice returned at an await, not at the body's end. */
    private boolean suspended;

    WovenStrand(InlineBody<?> body) {
        this.body = body;
    }

    @Override
    void step(InlineThreadState driver) {
        // The body runs on this very thread, so this thread's state must name it while it runs.
        InlineBody<?> outer = driver.current;
        driver.current = body;
        try {
            body.runBody();
        } finally {
            driver.current = outer;
        }
    }

    @Override
    Object runSlice(CheckedFunction1<? super InlineCallbacks.Coroutine, ?> fn, InlineBody<?> b) throws Throwable {
        suspended = false;
        MethodHandle h = resume;
        if (h == null) {
            return fn.apply(b);
        }
        Object[] f = frame;
        resume = null;
        frame = null;
        InlineBody.Waiter w = b.waiting();
        return (Object) h.invokeExact(f, state, w.value, w.failure);
    }

    /** Called by the woven code (through {@link WovenInline#suspend}) just before it returns at an await. */
    void saved(Object[] frame, int state, MethodHandle resume) {
        this.frame = frame;
        this.state = state;
        this.resume = resume;
        this.suspendedIn = DeferredContext.current();
        this.suspended = true;
    }

    @Override
    boolean sliceSuspended() {
        return suspended;
    }

    @Override
    DeferredContext sliceContext(DeferredContext runContext) {
        DeferredContext c = suspendedIn;
        return c == null ? runContext : c;
    }

    /** A woven body suspends by returning; an await in unwoven code is refused before it gets here. */
    @Override
    boolean suspend() {
        throw new IllegalStateException("a woven inline body cannot suspend from unwoven code");
    }

    /** The body runs on the very thread that stepped it. */
    @Override
    Thread drivingThread() {
        return Thread.currentThread();
    }

    @Override
    String kind() {
        return "woven";
    }
}
