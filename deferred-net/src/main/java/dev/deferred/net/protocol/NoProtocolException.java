package dev.deferred.net.protocol;

/**
 * The factory's {@code buildProtocol} returned null, so the connection was closed (Twisted's {@code NoProtocol}).
 */
public class NoProtocolException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public NoProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public NoProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
