package dev.deferred.net.protocol;

import java.util.function.Supplier;

/**
 * A {@link Factory} for outgoing connections, told how each attempt went: Twisted's
 * {@code ClientFactory}. A connector calls {@link #doStart()} when it starts an attempt,
 * {@link #startedConnecting}, then {@link #buildProtocol} once connected, and later exactly one of
 * {@link #clientConnectionFailed} (the attempt failed) or {@link #clientConnectionLost} (a made
 * connection ended), followed by {@link #doStop()}. All on the reactor thread.
 *
 * <pre>{@code
 * ClientFactory f = new ClientFactory(Greeter::new) {
 *     @Override public void clientConnectionFailed(Connector c, Throwable reason) { log.warn("no luck", reason); }
 * };
 * tcp.connectTCP("localhost", 8000, f, Duration.ofSeconds(30));
 * }</pre>
 */
public class ClientFactory extends Factory {

    /** For subclasses that override {@link #buildProtocol}. */
    protected ClientFactory() {
    }

    /**
     * A client factory that builds its protocols with {@code protocol}.
     *
     * @param protocol makes the protocol once connected
     */
    public ClientFactory(Supplier<? extends Protocol> protocol) {
        super(java.util.Objects.requireNonNull(protocol, "protocol"));
    }

    /**
     * An attempt has started. Does nothing by default.
     *
     * @param connector the attempt; {@link Connector#stopConnecting()} cancels it
     */
    public void startedConnecting(Connector connector) {
    }

    /**
     * The attempt failed: refused, timed out, cancelled ({@link ConnectingCancelledException}),
     * name not resolved, or the protocol refused by {@link #buildProtocol} returning null
     * ({@link NoProtocolException}). Calling {@link Connector#connect()} here tries again. Does
     * nothing by default.
     *
     * @param connector the attempt
     * @param reason why it failed
     */
    public void clientConnectionFailed(Connector connector, Throwable reason) {
    }

    /**
     * A connection that was made has ended, after the protocol's
     * {@link Protocol#connectionLost}. Calling {@link Connector#connect()} here reconnects. Does
     * nothing by default.
     *
     * @param connector the connector
     * @param reason the same reason the protocol got
     */
    public void clientConnectionLost(Connector connector, Throwable reason) {
    }
}
