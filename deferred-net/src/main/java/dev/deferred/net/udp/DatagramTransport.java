package dev.deferred.net.udp;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.PushProducer;

/**
 * An open UDP port as its {@link DatagramProtocol} sees it: Twisted's {@code IUDPTransport} and
 * {@code IMulticastTransport}. Sending never blocks: a datagram the socket has no room for is
 * dropped (as the network may drop any datagram), and {@link #write} says so by returning 0.
 *
 * <p>Threads: call it on the reactor thread.
 *
 * <pre>{@code
 * transport.write("ping".getBytes(), new IPv4Address("127.0.0.1", 9999));
 * transport.connect("example.com", 9999).addCallback(v -> { transport.write("hi".getBytes()); return null; });
 * }</pre>
 */
public interface DatagramTransport extends ListeningPort, PushProducer {

    /** The largest UDP payload over IPv4 (65535 minus the IP and UDP headers). */
    int MAX_IPV4_DATAGRAM = 65_507;

    /**
     * Sends one datagram to {@code to}.
     *
     * @param data the payload, at most {@link #MAX_IPV4_DATAGRAM} bytes (65527 over IPv6)
     * @param to a numeric address (names are not resolved per datagram: resolve once, or use
     *     {@link #connect}); on a connected port it must be the connected peer or null
     * @return the bytes sent: {@code data.length}, or 0 if the socket's buffer was full and the
     *     datagram dropped
     * @throws IllegalArgumentException if the datagram is too large, or the address is a name,
     *     of the wrong family, or not the connected peer
     * @throws java.io.UncheckedIOException if the system refused to send it
     */
    int write(byte[] data, IPAddress to);

    /**
     * Sends one datagram to the connected peer.
     *
     * @param data the payload
     * @return as {@link #write(byte[], IPAddress)}
     * @throws IllegalStateException if the port is not connected
     */
    int write(byte[] data);

    /**
     * Connects the port to {@code host:port} (Twisted's {@code connect}): it then receives only
     * from that peer, {@link #write(byte[])} needs no address, and an ICMP "port unreachable"
     * reaches {@link DatagramProtocol#connectionRefused()}. A name is resolved off the reactor
     * thread. A port connects once.
     *
     * @param host a numeric address or a name
     * @param port the peer's port, 1..65535
     * @return fires once connected; fails if the name cannot be resolved or the connect fails
     * @throws IllegalStateException if already connected or connecting
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    Deferred<Void> connect(String host, int port);

    /**
     * The connected peer, or null when not connected.
     *
     * @return the peer
     */
    IPAddress getPeer();

    @Override
    IPAddress getHost();

    /**
     * Closes the port (Twisted's {@code loseConnection}); the same as {@link #stopListening()}.
     */
    void loseConnection();

    /**
     * Joins the multicast {@code group} on the interface with address {@code iface}.
     *
     * <pre>{@code
     * transport.joinGroup("239.1.2.3", "").addCallback(v -> ...);
     * }</pre>
     *
     * @param group a numeric multicast address
     * @param iface the numeric address of the local interface, or {@code ""} for the first
     *     multicast-capable interface that is up (loopback if there is none)
     * @return fires once joined, or fails saying why the system refused
     * @throws IllegalArgumentException if {@code group} is not a numeric multicast address, or no
     *     interface has address {@code iface}
     */
    Deferred<Void> joinGroup(String group, String iface);

    /**
     * Leaves a group joined with {@link #joinGroup}.
     *
     * @param group the group
     * @param iface the interface given to {@code joinGroup}
     * @return fires once left; fails with {@link IllegalStateException} if it was not joined
     */
    Deferred<Void> leaveGroup(String group, String iface);

    /**
     * Whether multicast datagrams this port sends are delivered to this host's own members too
     * ({@code IP_MULTICAST_LOOP}; on by default).
     *
     * @param on true to loop back
     */
    void setLoopbackMode(boolean on);

    /**
     * The time-to-live of multicast datagrams this port sends (1 by default: this network only).
     *
     * @param ttl 0..255
     * @throws IllegalArgumentException if out of range
     */
    void setTTL(int ttl);

    /**
     * The largest datagram delivered; a larger one is dropped and counted in
     * {@link #getOversizedDatagrams()}.
     *
     * @return the maximum packet size given to {@code listenUDP}
     */
    int getMaxPacketSize();

    /**
     * How many datagrams arrived larger than {@link #getMaxPacketSize()} and were dropped (Twisted
     * would deliver them cut short, which silently corrupts them).
     *
     * @return the count
     */
    long getOversizedDatagrams();

    /** Stops reading datagrams until {@link #resumeProducing()}; the socket's buffer fills, then the system drops. */
    @Override
    void pauseProducing();

    /** Reads datagrams again. */
    @Override
    void resumeProducing();

    /** The same as {@link #loseConnection()}. */
    @Override
    void stopProducing();
}
