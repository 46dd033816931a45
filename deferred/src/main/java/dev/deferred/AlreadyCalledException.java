package dev.deferred;

/**
 * Thrown by a second {@link Deferred#callback callback}/{@link Deferred#errback errback} on the
 * same {@link Deferred}: Twisted's {@code defer.AlreadyCalledError}. (A {@link DelayedCall} that
 * has already run throws {@link DelayedCallAlreadyCalledException} instead.)
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
