package dev.deferred.net.udp;

import dev.deferred.net.protocol.IPAddress;

/**
 * The code behind one UDP port: Twisted's {@code DatagramProtocol}. Subclass it and override
 * {@link #datagramReceived}; the port calls its methods on the reactor thread.
 *
 * <pre>{@code
 * class Echo extends DatagramProtocol {
 *     public void datagramReceived(byte[] data, IPAddress from) { transport.write(data, from); }
 * }
 * udp.listenUDP(9999, new Echo(), "127.0.0.1", 8192);
 * }</pre>
 *
 * <p>Life cycle: {@link #startProtocol()} when the port opens, {@link #datagramReceived} per
 * datagram, {@link #stopProtocol()} when it closes; the transport is then cleared, so the protocol
 * may be given to another port.
 */
public abstract class DatagramProtocol {

    /** The port, set while it is open; null otherwise. Reactor thread only. */
    protected DatagramTransport transport;

    /** Creates an unattached protocol. */
    protected DatagramProtocol() {
    }

    /**
     * Attaches the port and calls {@link #startProtocol()}; {@code listenUDP} calls it.
     *
     * @param transport the port
     * @throws IllegalStateException if the protocol is already attached to an open port
     */
    public void makeConnection(DatagramTransport transport) {
        java.util.Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("datagram protocol " + this + " is already listening on "
                    + this.transport.getHost() + "; stop that port first or use another protocol");
        }
        this.transport = transport;
        startProtocol();
    }

    /** Detaches the port and calls {@link #stopProtocol()}; the port calls it when it closes. */
    public void doStop() {
        if (transport == null) {
            return;
        }
        try {
            stopProtocol();
        } finally {
            transport = null;
        }
    }

    /** The port is open and {@link #transport} is set. Does nothing by default. */
    public void startProtocol() {
    }

    /** The port has closed. Does nothing by default. */
    public void stopProtocol() {
    }

    /**
     * A datagram arrived. Does nothing by default.
     *
     * @param data its bytes (possibly empty); the protocol's to keep
     * @param from the sender
     */
    public void datagramReceived(byte[] data, IPAddress from) {
    }

    /**
     * On a connected port, the peer's host answered that nothing listens on its port (an ICMP
     * "port unreachable", which the JDK reports as a {@code PortUnreachableException}). Does
     * nothing by default. Not every loss is reported: UDP may drop datagrams silently.
     */
    public void connectionRefused() {
    }

    /**
     * The port, or null when not attached.
     *
     * @return the transport
     */
    public DatagramTransport getTransport() {
        return transport;
    }
}
