package dev.deferred;

import io.vavr.CheckedConsumer;
import io.vavr.CheckedFunction1;
import io.vavr.control.Try;

/**
 * A step of a chain that needs to see the whole result (value or failure) rather than just the
 * value: {@code addBoth}, typed errbacks, side effects, timeouts. Plain callbacks are stored as the
 * user's own {@link CheckedFunction1} so that the common case costs no wrapper object.
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

    /**
     * For the message when this plain step's function returned a Deferred: the method that added
     * it. Among the lambda steps only a timeout's {@code onTimeoutCancel} runs a user function
     * that could return one; the named steps below override this.
     */
    default String methodName() {
        return "addTimeout (as onTimeoutCancel)";
    }

    /** The Deferred-returning method to use instead of {@link #methodName()}. */
    default String deferredMethodName() {
        return "addErrbackDeferred(TimeoutException.class, fn) after addTimeout";
    }

    /**
     * A step whose returned Deferred the chain waits on (Twisted's chaining): the Deferred-returning
     * methods' {@link DeferredStep}, and internal steps that redirect a chain. Any other step that
     * returns a Deferred fails the chain, so the static type of a chain says what it carries.
     */
    @FunctionalInterface
    interface Chaining extends ChainStep {}

    /**
     * A step that runs another one with something around it (debug mode's {@link TracedStep}, a
     * context's {@link ContextStep}); they may be nested. What the step may do (wait on a returned
     * Deferred, which method added it) is decided by the innermost, the user's own.
     */
    interface Wrapper {
        /** The wrapped step. */
        Object step();
    }

    /** The user's step inside any wrappers. */
    static Object unwrap(Object step) {
        while (step instanceof Wrapper w) {
            step = w.step();
        }
        return step;
    }

    /** {@code addBoth}: the function sees a vavr {@code Try}. */
    static ChainStep both(CheckedFunction1<?, ?> fn) {
        return new Both(fn);
    }

    /** {@code addErrback(type, fn)}: Twisted's {@code trap}; other failures pass on untouched. */
    static ChainStep trap(Class<? extends Throwable> type, CheckedFunction1<?, ?> fn) {
        return new Trap(type, fn);
    }

    /**
     * {@code onFailure} and {@code onComplete}: shows the result to {@code observer} and passes it
     * on unchanged (a failure stays a failure). If the observer throws, its exception becomes the
     * failure, carrying a replaced failure as suppressed so that it is not lost.
     */
    @SuppressWarnings("unchecked")
    static ChainStep observe(CheckedConsumer<?> observer, boolean asTry) {
        CheckedConsumer<Object> c = (CheckedConsumer<Object>) observer;
        return (result, failed) -> {
            try {
                c.accept(asTry ? Failures.asTry(result, failed) : result);
            } catch (Throwable t) {
                if (failed && t != result && !Failures.isFatal(t)) {
                    t.addSuppressed((Throwable) result);
                }
                throw t;
            }
            if (failed) {
                throw (Throwable) result;
            }
            return result;
        };
    }

    /** {@code addBoth}'s step. */
    final class Both implements ChainStep {
        private final CheckedFunction1<Object, Object> fn;

        @SuppressWarnings("unchecked")
        Both(CheckedFunction1<?, ?> fn) {
            this.fn = (CheckedFunction1<Object, Object>) fn;
        }

        @Override
        public Object apply(Object result, boolean failed) throws Throwable {
            return fn.apply(Failures.asTry(result, failed));
        }

        @Override
        public String methodName() {
            return "addBoth";
        }

        @Override
        public String deferredMethodName() {
            return "addBothDeferred";
        }
    }

    /** {@code addErrback(type, fn)}'s step. */
    final class Trap implements ChainStep {
        private final Class<? extends Throwable> type;
        private final CheckedFunction1<Object, Object> fn;

        @SuppressWarnings("unchecked")
        Trap(Class<? extends Throwable> type, CheckedFunction1<?, ?> fn) {
            this.type = type;
            this.fn = (CheckedFunction1<Object, Object>) fn;
        }

        @Override
        public Object apply(Object result, boolean failed) throws Throwable {
            if (type.isInstance(result)) {
                return fn.apply(result);
            }
            throw (Throwable) result;
        }

        @Override
        public String methodName() {
            return "addErrback(" + type.getSimpleName() + ".class, fn)";
        }

        @Override
        public String deferredMethodName() {
            return "addErrbackDeferred(" + type.getSimpleName() + ".class, fn)";
        }
    }
}
