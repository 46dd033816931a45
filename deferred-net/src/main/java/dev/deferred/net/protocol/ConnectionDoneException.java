package dev.deferred.net.protocol;

/**
 * The connection was closed cleanly (Twisted's {@code ConnectionDone}): by {@link Transport#loseConnection()} on this side after its buffer drained, or by the peer's orderly shutdown.
 */
public class ConnectionDoneException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectionDoneException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectionDoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
