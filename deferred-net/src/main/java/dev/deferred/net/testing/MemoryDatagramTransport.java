package dev.deferred.net.testing;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.udp.DatagramProtocol;
import dev.deferred.net.udp.DatagramTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A UDP port that records what its protocol sends instead of sending it; {@link MemoryReactor}
 * hands one to each protocol given to {@code listenUDP}. Feed datagrams by calling the protocol's
 * {@code datagramReceived} directly. Not thread-safe.
 *
 * <pre>{@code
 * MemoryDatagramTransport t = (MemoryDatagramTransport) reactor.listenUDP(53, dns);
 * dns.datagramReceived(query, new IPv4Address("10.0.0.9", 5353));
 * assertEquals(1, t.getWritten().size());
 * }</pre>
 */
public final class MemoryDatagramTransport implements DatagramTransport {

    /**
     * One datagram the protocol wrote.
     *
     * @param data the payload
     * @param to where to; the connected peer for a write without an address
     */
    public record Datagram(byte[] data, IPAddress to) {
    }

    private final DatagramProtocol protocol;
    private final IPAddress host;
    private final int maxPacketSize;
    private final List<Datagram> written = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private IPAddress peer;
    private boolean paused;
    private boolean closed;

    MemoryDatagramTransport(DatagramProtocol protocol, IPAddress host, int maxPacketSize) {
        this.protocol = protocol;
        this.host = host;
        this.maxPacketSize = maxPacketSize;
    }

    /**
     * Everything written, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<Datagram> getWritten() {
        return Collections.unmodifiableList(written);
    }

    /**
     * The groups joined and not left, as {@code "group/iface"}.
     *
     * @return an unmodifiable view
     */
    public List<String> getGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * Whether the protocol paused reading.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Whether the port was closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Records the datagram and returns its length. */
    @Override
    public int write(byte[] data, IPAddress to) {
        Objects.requireNonNull(data, "data");
        if (closed) {
            throw new IllegalStateException("write: the port is closed");
        }
        IPAddress dest = to != null ? to : peer;
        if (dest == null) {
            throw new IllegalStateException("this UDP port is not connected: give the address to send to, or connect()");
        }
        written.add(new Datagram(data.clone(), dest));
        return data.length;
    }

    @Override
    public int write(byte[] data) {
        return write(data, null);
    }

    /** Connects at once, without resolving: the peer is {@code host:port} as given. */
    @Override
    public Deferred<Void> connect(String host, int port) {
        if (peer != null) {
            throw new IllegalStateException("this UDP port is already connected to " + peer);
        }
        peer = host.indexOf(':') >= 0 ? new dev.deferred.net.protocol.IPv6Address(host, port)
                : new dev.deferred.net.protocol.IPv4Address(host, port);
        return Deferred.succeed(null);
    }

    @Override
    public IPAddress getPeer() {
        return peer;
    }

    @Override
    public IPAddress getHost() {
        return host;
    }

    @Override
    public Deferred<Void> stopListening() {
        if (!closed) {
            closed = true;
            protocol.doStop();
        }
        return Deferred.succeed(null);
    }

    @Override
    public void loseConnection() {
        stopListening();
    }

    @Override
    public Deferred<Void> joinGroup(String group, String iface) {
        groups.add(group + "/" + iface);
        return Deferred.succeed(null);
    }

    @Override
    public Deferred<Void> leaveGroup(String group, String iface) {
        if (!groups.remove(group + "/" + iface)) {
            return Deferred.fail(new IllegalStateException("group " + group + " was not joined on " + iface));
        }
        return Deferred.succeed(null);
    }

    @Override
    public void setLoopbackMode(boolean on) {
    }

    @Override
    public void setTTL(int ttl) {
    }

    @Override
    public int getMaxPacketSize() {
        return maxPacketSize;
    }

    @Override
    public long getOversizedDatagrams() {
        return 0;
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
    }

    @Override
    public void stopProducing() {
        stopListening();
    }

    @Override
    public String toString() {
        return "MemoryDatagramTransport[" + host + ", " + written.size() + " written]";
    }
}
