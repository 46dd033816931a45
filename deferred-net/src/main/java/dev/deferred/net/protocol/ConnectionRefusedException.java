package dev.deferred.net.protocol;

/**
 * Nobody listens at the destination: the peer refused the connection (Twisted's {@code ConnectionRefusedError}).
 */
public class ConnectionRefusedException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectionRefusedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectionRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
