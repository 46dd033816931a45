package dev.deferred.net.udp;

import dev.deferred.net.protocol.CannotListenException;

/**
 * A reactor that can open UDP ports: Twisted's {@code IReactorUDP} and
 * {@code IReactorMulticast}. Implemented by {@link UdpReactor} and by
 * {@code dev.deferred.net.testing.MemoryReactor} (records the calls).
 *
 * <p>Call these methods on the reactor thread, or before the reactor runs.
 */
public interface ReactorUDP {

    /**
     * Opens a UDP port on all IPv4 interfaces, receiving datagrams of up to 8192 bytes.
     *
     * @param port the port, 0 for an ephemeral one
     * @param protocol the protocol for this port
     * @return the open port
     * @throws CannotListenException if the port cannot be bound (e.g. it is in use)
     */
    default DatagramTransport listenUDP(int port, DatagramProtocol protocol) throws CannotListenException {
        return listenUDP(port, protocol, "", 8192);
    }

    /**
     * Opens a UDP port (Twisted's {@code listenUDP}); the protocol's {@code startProtocol} runs
     * before this returns.
     *
     * <pre>{@code
     * DatagramTransport t = udp.listenUDP(0, new Echo(), "127.0.0.1", 8192);
     * int port = t.getHost().port();
     * }</pre>
     *
     * @param port the port, 0 for an ephemeral one
     * @param protocol the protocol for this port
     * @param iface the numeric address to bind: {@code "127.0.0.1"}, {@code "::"}, or {@code ""}
     *     for all IPv4 interfaces
     * @param maxPacketSize the largest datagram delivered, 1..65535; larger ones are dropped and
     *     counted
     * @return the open port
     * @throws CannotListenException if the address cannot be bound (e.g. the port is in use)
     * @throws IllegalArgumentException if a number is out of range or {@code iface} is a name
     * @throws IllegalStateException if the protocol is already attached to an open port
     */
    DatagramTransport listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize)
            throws CannotListenException;

    /**
     * Opens a UDP port for multicast (Twisted's {@code listenMulticast}): as {@link #listenUDP},
     * and with {@code listenMultiple} several sockets (of this or other processes) may bind the
     * same port ({@code SO_REUSEADDR}), each receiving the groups it joins.
     *
     * @param port the port
     * @param protocol the protocol for this port
     * @param iface the address to bind, {@code ""} for all IPv4 interfaces (needed to receive
     *     group datagrams)
     * @param maxPacketSize the largest datagram delivered
     * @param listenMultiple whether the port may be shared
     * @return the open port
     * @throws CannotListenException if the address cannot be bound
     */
    DatagramTransport listenMulticast(int port, DatagramProtocol protocol, String iface, int maxPacketSize,
            boolean listenMultiple) throws CannotListenException;
}
