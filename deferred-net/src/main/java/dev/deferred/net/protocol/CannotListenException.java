package dev.deferred.net.protocol;

/**
 * A port could not be opened, typically because the address is in use (Twisted's {@code CannotListenError}). The message names the interface and port; the cause is the socket's {@code IOException}.
 */
public class CannotListenException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public CannotListenException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public CannotListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
