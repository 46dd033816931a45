package dev.deferred;

/**
 * Thrown when a {@link DelayedCall} that was already cancelled is cancelled, reset or delayed
 * again (Twisted's {@code AlreadyCancelled}). The call is left as it was.
 */
public class AlreadyCancelledException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was already cancelled
     */
    public AlreadyCancelledException(String message) {
        super(message);
    }
}
