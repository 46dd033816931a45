package dev.deferred.net.protocol;

/**
 * The code that speaks a protocol over one connection: Twisted's {@code Protocol}. Subclass it and
 * override the event methods; the transport calls them on the reactor thread, one at a time.
 *
 * <p>Life cycle: {@link #makeConnection} sets {@link #transport} and then calls
 * {@link #connectionMade()}; {@link #dataReceived} follows for each chunk read, in order (chunk
 * boundaries are arbitrary: a message may be split or several may arrive together); finally
 * {@link #connectionLost} once, with a {@link ConnectionDoneException} for a clean close or another
 * exception saying what went wrong.
 *
 * <pre>{@code
 * class Echo extends Protocol {
 *     @Override public void dataReceived(byte[] data) { transport.write(data); }
 * }
 * ListeningPort port = tcp.listenTCP(8000, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
 * }</pre>
 */
public abstract class Protocol {

    /** The connection, set by {@link #makeConnection}; null before. Touched on the reactor thread only. */
    protected Transport transport;

    /** True between {@link #makeConnection} and {@link #connectionLost}. Reactor thread only. */
    protected boolean connected;

    /** The factory that built this protocol, if any. */
    protected Factory factory;

    /** This protocol's idle timeout, if one was made for it; cancelled when the connection is lost. */
    IdleTimeout idleTimeout;

    /** Creates an unconnected protocol. */
    protected Protocol() {
    }

    /**
     * Connects this protocol to a transport: sets {@link #transport}, marks it connected, then calls
     * {@link #connectionMade()}. Transports call it once; test code calls it with a
     * {@code StringTransport}.
     *
     * @param transport the connection
     * @throws NullPointerException if {@code transport} is null
     * @throws IllegalStateException if this protocol is already connected
     */
    public void makeConnection(Transport transport) {
        java.util.Objects.requireNonNull(transport, "transport");
        if (connected) {
            throw new IllegalStateException(
                    "protocol " + this + " is already connected; build a new protocol per connection");
        }
        this.transport = transport;
        this.connected = true;
        if (idleTimeout != null) {
            idleTimeout.connected();
        }
        connectionMade();
    }

    /**
     * The connection is up and {@link #transport} is set. Does nothing by default. The event
     * methods are public, as in Twisted, so tests can feed a protocol directly.
     */
    public void connectionMade() {
    }

    /**
     * Bytes arrived. The array is this protocol's to keep. Does nothing by default, except in a
     * protocol that implements {@link BufferReceiver}, to which it hands the bytes wrapped in a
     * buffer (so a {@code BufferReceiver} works over every transport).
     *
     * @param data the bytes read, never empty
     */
    public void dataReceived(byte[] data) {
        if (this instanceof BufferReceiver r) {
            r.bufferReceived(java.nio.ByteBuffer.wrap(data));
        }
    }

    /**
     * The connection is gone; called once, and no other event follows. Does nothing by default.
     *
     * @param reason a {@link ConnectionDoneException} for a clean close, otherwise what went wrong
     *     (a {@link ConnectionLostException}, {@link ConnectionAbortedException}, or another
     *     exception)
     */
    public void connectionLost(Throwable reason) {
    }

    /**
     * What transports call to report the end of the connection: marks the protocol disconnected and
     * calls {@link #connectionLost}. A second call is ignored, so {@code connectionLost} runs at most
     * once however many paths notice the loss.
     *
     * @param reason why the connection ended
     */
    public final void deliverConnectionLost(Throwable reason) {
        if (!connected) {
            return;
        }
        connected = false;
        if (idleTimeout != null) {
            idleTimeout.cancel();
        }
        connectionLost(reason);
    }

    /**
     * The transport, or null before {@link #makeConnection}.
     *
     * @return the transport
     */
    public Transport getTransport() {
        return transport;
    }

    /**
     * Whether the protocol is between {@link #makeConnection} and {@link #connectionLost}.
     *
     * @return true while connected
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * The factory that built this protocol (set by {@link Factory#buildProtocol}), or null.
     *
     * @return the factory
     */
    public Factory getFactory() {
        return factory;
    }

    /**
     * Sets the factory; {@link Factory#buildProtocol} does it.
     *
     * @param factory the factory
     */
    public void setFactory(Factory factory) {
        this.factory = factory;
    }
}
