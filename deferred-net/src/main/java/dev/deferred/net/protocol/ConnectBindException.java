package dev.deferred.net.protocol;

/**
 * The local address a connection was asked to use could not be bound: the port is taken, or the
 * address is not this host's (Twisted's {@code ConnectBindError}).
 */
public class ConnectBindException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause the underlying error, e.g. the {@code BindException} the socket raised
     */
    public ConnectBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
