package dev.deferred.net.protocol;

/**
 * The connection was closed by {@link Transport#abortConnection()} on this side (Twisted's {@code ConnectionAborted}); buffered data was discarded.
 */
public class ConnectionAbortedException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectionAbortedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
