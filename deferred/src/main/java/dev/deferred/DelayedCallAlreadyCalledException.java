package dev.deferred;

/**
 * Thrown when a {@link DelayedCall} that has already run (or is running) is cancelled, reset or
 * delayed: Twisted's {@code twisted.internet.error.AlreadyCalled}. The call is left as it was.
 *
 * <p>Not to be confused with {@link AlreadyCalledException}, which a {@link Deferred} fired twice
 * throws (Twisted's {@code defer.AlreadyCalledError}): a timer and a Deferred are different
 * things, and code that catches one should not catch the other by accident.
 */
public class DelayedCallAlreadyCalledException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call has already run
     */
    public DelayedCallAlreadyCalledException(String message) {
        super(message);
    }
}
