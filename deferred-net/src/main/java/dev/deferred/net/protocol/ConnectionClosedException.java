package dev.deferred.net.protocol;

/**
 * Why a connection ended, as given to {@link Protocol#connectionLost}: Twisted's {@code ConnectionClosed}. A clean close is a {@link ConnectionDoneException}; anything else a {@link ConnectionLostException}.
 */
public class ConnectionClosedException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code IOException} the socket raised
     */
    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
