package dev.deferred.net.protocol;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds a {@link Protocol} for each incoming connection: Twisted's {@code Factory}. A listening
 * port calls {@link #doStart()} when it opens and {@link #doStop()} when it closes; the factory's
 * own {@link #startFactory()} runs on the first of those and {@link #stopFactory()} on the last,
 * so one factory can serve several ports and still set up and tear down once.
 *
 * <pre>{@code
 * Factory echo = Factory.forProtocol(Echo::new);
 * }</pre>
 *
 * <p>All methods run on the reactor thread.
 */
public class Factory {

    /** Makes the protocols; null when a subclass overrides {@link #buildProtocol}. */
    private final Supplier<? extends Protocol> protocol;

    /** How many ports (or connectors) use this factory now. Reactor thread only. */
    private int numPorts;

    /**
     * A factory whose {@link #buildProtocol} calls {@code protocol} and sets the protocol's factory.
     *
     * @param protocol makes one protocol per connection
     * @return the factory
     * @throws NullPointerException if {@code protocol} is null
     */
    public static Factory forProtocol(Supplier<? extends Protocol> protocol) {
        return new Factory(Objects.requireNonNull(protocol, "protocol"));
    }

    /**
     * For subclasses that override {@link #buildProtocol}.
     */
    protected Factory() {
        this.protocol = null;
    }

    /**
     * A factory that builds its protocols with {@code protocol}.
     *
     * @param protocol makes one protocol per connection
     */
    protected Factory(Supplier<? extends Protocol> protocol) {
        this.protocol = protocol;
    }

    /**
     * Makes the protocol for a new connection, or refuses it by returning null (the connection is
     * then closed). By default it calls the supplier given at construction and sets the protocol's
     * factory to this one. An exception thrown here is logged and the connection closed.
     *
     * @param address the peer's address
     * @return the protocol, or null to refuse
     * @throws UnsupportedOperationException if the factory has no supplier and the subclass did not
     *     override this method
     */
    public Protocol buildProtocol(Address address) {
        if (protocol == null) {
            throw new UnsupportedOperationException(
                    getClass().getName() + " has no protocol supplier: override buildProtocol or use Factory.forProtocol");
        }
        Protocol p = protocol.get();
        if (p != null) {
            p.setFactory(this);
        }
        return p;
    }

    /**
     * A port (or connector) starts using this factory; the first one runs {@link #startFactory()}.
     * Called by ports and connectors, not by user code.
     */
    public final void doStart() {
        if (numPorts++ == 0) {
            startFactory();
        }
    }

    /**
     * A port (or connector) stops using this factory; the last one runs {@link #stopFactory()}.
     *
     * @throws IllegalStateException if called more often than {@link #doStart()}
     */
    public final void doStop() {
        if (numPorts == 0) {
            throw new IllegalStateException("doStop called more often than doStart on " + this);
        }
        if (--numPorts == 0) {
            stopFactory();
        }
    }

    /**
     * How many ports or connectors currently use this factory.
     *
     * @return the count of {@link #doStart()} calls not yet matched by {@link #doStop()}
     */
    public final int getNumPorts() {
        return numPorts;
    }

    /** Set up shared state; runs when the first port opens. Does nothing by default. */
    protected void startFactory() {
    }

    /** Tear down shared state; runs when the last port closes. Does nothing by default. */
    protected void stopFactory() {
    }
}
