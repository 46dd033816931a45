package dev.deferred.net.protocol;

/**
 * An outgoing connection could not be made (Twisted's {@code ConnectError}); the subclasses say why. The cause, when there is one, is the socket's {@code IOException}.
 */
public class ConnectFailedException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
