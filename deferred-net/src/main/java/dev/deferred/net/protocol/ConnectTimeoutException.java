package dev.deferred.net.protocol;

/**
 * The connection attempt did not finish within its timeout (Twisted's {@code TimeoutError} for connects).
 */
public class ConnectTimeoutException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
