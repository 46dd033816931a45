package dev.deferred;

/**
 * Thrown when something that may happen only once is asked to happen again: a second
 * {@link Deferred#callback callback}/{@link Deferred#errback errback} on the same {@link Deferred}
 * (Twisted's {@code AlreadyCalledError}), or cancelling, resetting or delaying a {@link DelayedCall}
 * that has already run.
 *
 * <p>The object that refused the call is left exactly as it was. With
 * {@link Deferred#setDebugging(boolean) debugging} on, the message of a Deferred's exception shows
 * where the Deferred was created and where it was first fired.
 */
public class AlreadyCalledException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was called twice, and (when known) where it was first called
     */
    public AlreadyCalledException(String message) {
        super(message);
    }
}
