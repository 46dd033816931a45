package dev.deferred.net.protocol;

/**
 * The connection was closed in a non-clean fashion (Twisted's {@code ConnectionLost}): a reset, a write error, or an abort. The cause, when there is one, is the socket's {@code IOException}.
 */
public class ConnectionLostException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectionLostException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
