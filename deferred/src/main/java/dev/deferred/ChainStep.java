package dev.deferred;

import io.vavr.CheckedFunction1;
import io.vavr.control.Try;

/**
 * A step of a chain that needs to see the whole result (value or failure) rather than just the
 * value: {@code addBoth}, typed errbacks, timeouts. Plain callbacks are stored as the user's own
 * {@link CheckedFunction1} so that the common case costs no wrapper object.
 *
 * <p>Package-private on purpose: because no user class can implement it, the run loop can tell an
 * internal step from a user function with one {@code instanceof}.
 */
@FunctionalInterface
interface ChainStep {

    /**
     * Runs the step. Returning a value makes it the next (successful) result; throwing makes the
     * thrown object the next failure, so a step passes a failure on by rethrowing it.
     */
    Object apply(Object result, boolean failed) throws Throwable;

    /** {@code addBoth}: the function sees a vavr {@code Try}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ChainStep both(CheckedFunction1<?, ?> fn) {
        CheckedFunction1<Try, Object> f = (CheckedFunction1<Try, Object>) (CheckedFunction1) fn;
        return (result, failed) -> f.apply(failed ? Try.failure((Throwable) result) : Try.success(result));
    }

    /** {@code addErrback(type, fn)}: Twisted's {@code trap}; other failures pass on untouched. */
    @SuppressWarnings("unchecked")
    static ChainStep trap(Class<? extends Throwable> type, CheckedFunction1<?, ?> fn) {
        CheckedFunction1<Object, Object> f = (CheckedFunction1<Object, Object>) fn;
        return (result, failed) -> {
            if (type.isInstance(result)) {
                return f.apply(result);
            }
            throw (Throwable) result;
        };
    }

    /** {@code addCallbackDeferred}: the function must hand back a Deferred, never null. */
    @SuppressWarnings("unchecked")
    static ChainStep returningDeferred(CheckedFunction1<?, ?> fn) {
        CheckedFunction1<Object, Object> f = (CheckedFunction1<Object, Object>) fn;
        return (result, failed) -> {
            Object next = f.apply(result);
            if (next == null) {
                throw new NullPointerException(
                        "the function given to addCallbackDeferred returned null; return a Deferred "
                                + "(Deferred.succeed(null) for \"no value\")");
            }
            return next;
        };
    }
}
