package dev.deferred;

/**
 * Thrown when a {@link DelayedCall} that was already cancelled is cancelled, reset or delayed
 * again: Twisted's {@code twisted.internet.error.AlreadyCancelled}. The call is left as it was.
 *
 * <p>Only a {@code DelayedCall} throws it; cancelling a {@link Deferred} twice is not an error.
 */
public class DelayedCallAlreadyCancelledException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was already cancelled
     */
    public DelayedCallAlreadyCancelledException(String message) {
        super(message);
    }
}
