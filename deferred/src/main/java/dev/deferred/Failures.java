package dev.deferred;

import io.vavr.control.Try;

/**
 * The library's one fatal-error policy: which throwables may become a Deferred's failure, and
 * which end an event loop. Every part of the library (the chain, inline callbacks, the reactor,
 * its transports, tasks and thread pool) asks here instead of deciding for itself.
 *
 * <p>Two levels:
 * <ul>
 *   <li>{@link #isFatal} throwables are never stored as a failure value: the JVM or the class path
 *       is broken ({@link VirtualMachineError}, {@link LinkageError}) or the thread was asked to
 *       stop ({@link InterruptedException}). A callback that throws one propagates it out of the
 *       call that ran the callback; {@link Deferred#errback} and {@link Deferred#fail} refuse
 *       one. Where such a throwable must still reach a waiting Deferred (a thread-pool function,
 *       a cooperative task), it arrives wrapped by {@link #asFailure} in a
 *       {@link FatalErrorException}.</li>
 *   <li>{@link #endsLoop} throwables are the few an event loop cannot outlive: the JVM itself
 *       failed ({@link OutOfMemoryError}, {@link InternalError}, {@link UnknownError}). Any other
 *       throwable from user code run by a loop, a {@link StackOverflowError} or a
 *       {@link LinkageError} included, is logged and only the connection or task concerned is
 *       closed; the loop goes on (as Twisted logs a {@code RecursionError} and keeps serving).</li>
 * </ul>
 *
 * <pre>{@code
 * try {
 *     userCode.run();
 * } catch (Throwable t) {
 *     if (Failures.endsLoop(t)) throw t;    // let the loop shut down
 *     d.errback(Failures.asFailure(t));     // never refused: fatal ones arrive wrapped
 * }
 * }</pre>
 */
public final class Failures {
    private Failures() {}

    /**
     * Whether {@code t} must never be turned into a Deferred failure (the set vavr's {@code Try}
     * also refuses to hold): a {@link VirtualMachineError}, a {@link LinkageError} or an
     * {@link InterruptedException}. Catching and storing those would hide a dying JVM, a broken
     * class path or an interrupt inside a promise that nobody may ever look at.
     *
     * @param t any throwable, not null
     * @return whether it is fatal
     */
    public static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError || t instanceof LinkageError || t instanceof InterruptedException;
    }

    /**
     * Whether an event loop that meets {@code t} must stop (after running its shutdown triggers):
     * an {@link OutOfMemoryError}, an {@link InternalError} or an {@link UnknownError}. A
     * {@link StackOverflowError} is a {@link VirtualMachineError} too, but it is over once the
     * stack has unwound to the loop, so it is not one of these.
     *
     * @param t any throwable, not null
     * @return whether the loop running the code that threw it must end
     */
    public static boolean endsLoop(Throwable t) {
        return t instanceof OutOfMemoryError || t instanceof InternalError || t instanceof UnknownError;
    }

    /**
     * Rethrows {@code t} if it {@linkplain #endsLoop ends the loop}, else returns: for a loop's
     * {@code catch (Throwable t)} around user code, before it logs {@code t} and goes on.
     *
     * @param t the throwable caught, not null
     * @throws Error {@code t} itself, if it ends the loop
     */
    public static void rethrowIfEndsLoop(Throwable t) {
        if (endsLoop(t)) {
            throw (Error) t;
        }
    }

    /**
     * {@code t} as a failure value {@link Deferred#errback} accepts: {@code t} itself, or, if it
     * is {@linkplain #isFatal fatal}, a {@link FatalErrorException} whose cause is {@code t}. For
     * code that ran user work where no caller could receive a thrown error (a thread pool, a
     * task), and that must still fire the Deferred waiting for that work.
     *
     * @param t the throwable the work threw, not null
     * @return a throwable {@code errback} accepts
     */
    public static Throwable asFailure(Throwable t) {
        return isFatal(t) ? new FatalErrorException(t) : t;
    }

    /** Rethrows {@code t} unchanged if it is fatal. */
    static void rethrowIfFatal(Throwable t) {
        if (isFatal(t)) {
            throw Failures.<RuntimeException>sneaky(t);
        }
    }

    /**
     * Refuses a fatal throwable offered as a failure value, naming the call and what to do.
     *
     * @throws IllegalArgumentException if {@code failure} is fatal
     */
    static void requireNotFatal(Throwable failure, String call) {
        if (isFatal(failure)) {
            throw new IllegalArgumentException(call + ": " + failure.getClass().getName()
                    + " is a fatal throwable (see Failures.isFatal) and cannot be a Deferred's failure;"
                    + " rethrow it, or pass Failures.asFailure(it) to deliver it wrapped");
        }
    }

    /**
     * A chain result as a vavr {@code Try}, for the steps that take both lanes ({@code addBoth},
     * {@code DeferredList}'s results, ...). The failure lane never holds a fatal throwable
     * ({@link #requireNotFatal} guards every way in, and a fatal throwable thrown by a step is
     * rethrown, not stored), so {@code Try.failure} never meets one of the throwables it would
     * rethrow itself.
     */
    @SuppressWarnings("unchecked")
    static <T> Try<T> asTry(Object result, boolean failed) {
        return failed ? Try.failure((Throwable) result) : Try.success((T) result);
    }

    /**
     * Throws any throwable, checked or not, without wrapping it. Used where a stored failure is
     * handed back to user code that declared {@code throws Throwable}.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
