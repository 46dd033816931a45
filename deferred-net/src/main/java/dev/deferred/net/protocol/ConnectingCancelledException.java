package dev.deferred.net.protocol;

import java.util.concurrent.CancellationException;

/**
 * A connection attempt was cancelled before it connected (Twisted's {@code ConnectingCancelledError}):
 * the client endpoint's Deferred was cancelled, or {@link Connector#stopConnecting()} was called.
 * It is a {@link CancellationException}, so code that handles cancellation in general handles it.
 */
public class ConnectingCancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** The address that was being connected to, or null when unknown. */
    private final transient Address address;

    /**
     * Creates the exception.
     *
     * @param address where the attempt was going, or null when unknown
     */
    public ConnectingCancelledException(Address address) {
        super("connection attempt" + (address == null ? "" : " to " + address) + " was cancelled");
        this.address = address;
    }

    /**
     * Where the cancelled attempt was going.
     *
     * @return the destination, or null when unknown
     */
    public Address getAddress() {
        return address;
    }
}
