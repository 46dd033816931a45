package dev.deferred;

import io.vavr.CheckedFunction1;
import io.vavr.control.Try;

/**
 * A step added by one of the Deferred-returning methods ({@code addCallbackDeferred},
 * {@code addErrbackDeferred}, {@code addBothDeferred}): the only kind of step whose returned
 * Deferred the chain waits on (Twisted's chaining). Any other step that returns a Deferred fails
 * the chain, so the static type of a chain always says what it carries.
 *
 * <p>One class for the three lanes: {@code lane} says which result it takes, and the run loop
 * tells it from a plain step with one {@code instanceof}, on the rare path only (a step that
 * returned a Deferred).
 */
final class DeferredStep implements ChainStep.Chaining {

    /** The lanes: a value, a failure (of {@code trap}'s type, when set), or both as a Try. */
    static final int CALLBACK = 0;
    static final int ERRBACK = 1;
    static final int BOTH = 2;

    /**
     * The errback side of an {@code addCallbackDeferred} entry stored without its DeferredStep,
     * the common case (no context, no debug mode): the callback side is then the user's own
     * function, which the run loop calls directly and whose returned Deferred it waits on, and
     * failures pass the entry by. Saves the 24-byte step on every {@code addCallbackDeferred}.
     * Wrappers (contexts, debug mode) need a step that says by itself that it chains:
     * {@link #ofBareCallback} turns the pair back into one.
     */
    static final Object BARE_CALLBACK = new Object() {
        @Override
        public String toString() {
            return "(addCallbackDeferred: failures pass by)";
        }
    };

    /** The DeferredStep for an entry stored as (fn, {@link #BARE_CALLBACK}). */
    static DeferredStep ofBareCallback(Object fn) {
        return new DeferredStep((CheckedFunction1<?, ?>) fn, CALLBACK, null);
    }

    /** A Deferred-returning step's function returned null. */
    static NullPointerException returnedNull(String method) {
        return new NullPointerException("the function given to " + method
                + " returned null; return a Deferred (Deferred.succeed(null) for \"no value\")");
    }

    private final CheckedFunction1<Object, Object> fn;
    private final int lane;
    private final Class<? extends Throwable> trap;

    @SuppressWarnings("unchecked")
    DeferredStep(CheckedFunction1<?, ?> fn, int lane, Class<? extends Throwable> trap) {
        this.fn = (CheckedFunction1<Object, Object>) fn;
        this.lane = lane;
        this.trap = trap;
    }

    @Override
    public Object apply(Object result, boolean failed) throws Throwable {
        Object arg = result;
        if (lane == BOTH) {
            arg = Failures.asTry(result, failed);
        } else if (trap != null && !trap.isInstance(result)) {
            throw (Throwable) result;
        }
        Object next = fn.apply(arg);
        if (next == null) {
            throw returnedNull(methodName());
        }
        return next;
    }

    /**
     * The method that added this step, for messages; derived from the lane rather than stored, so
     * that a step is three fields (24 bytes, one of every {@code addCallbackDeferred}).
     */
    @Override
    public String methodName() {
        return switch (lane) {
            case CALLBACK -> "addCallbackDeferred";
            case BOTH -> "addBothDeferred";
            default -> trap == null ? "addErrbackDeferred" : "addErrbackDeferred(" + trap.getSimpleName() + ".class, fn)";
        };
    }

    @Override
    public String deferredMethodName() {
        return methodName();
    }
}
