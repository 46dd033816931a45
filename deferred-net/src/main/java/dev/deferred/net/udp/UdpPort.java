package dev.deferred.net.udp;

import dev.deferred.Deferred;
import dev.deferred.ErrorLog;
import dev.deferred.net.internal.Sockets;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.tcp.HostResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * One UDP port (Twisted's {@code udp.Port} and {@code udp.MulticastPort}) on a non-blocking
 * {@link DatagramChannel} watched by the reactor.
 */
final class UdpPort implements DatagramTransport {
    private static final Logger log = ErrorLog.logger(UdpPort.class);
    /** At most this many datagrams per readiness, so one busy port cannot starve the loop. */
    private static final int READS_PER_TURN = 64;

    private final UdpReactor udp;
    private final DatagramProtocol protocol;
    private final int maxPacketSize;
    /** One byte more than the maximum, so an oversized datagram shows as a full buffer. */
    private final ByteBuffer readBuffer;

    // Reactor thread only (or the thread that listens before the reactor runs).
    private DatagramChannel channel;
    private IPAddress host;
    private boolean ipv6;
    private IPAddress peer;
    private boolean connecting;
    private boolean reading;
    private boolean paused;
    private boolean closed;
    private long oversized;
    private final Map<String, MembershipKey> groups = new HashMap<>();

    UdpPort(UdpReactor udp, DatagramProtocol protocol, int maxPacketSize) {
        this.udp = udp;
        this.protocol = protocol;
        this.maxPacketSize = maxPacketSize;
        this.readBuffer = ByteBuffer.allocateDirect(maxPacketSize + 1);
    }

    void open(String iface, int port, boolean reuse) throws CannotListenException {
        DatagramChannel ch = null;
        try {
            InetAddress address = InetAddress.getByName(iface); // numeric: parsed, no lookup
            ipv6 = address instanceof Inet6Address;
            ch = DatagramChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            if (reuse) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(new InetSocketAddress(address, port));
            ch.configureBlocking(false);
            host = Address.of((InetSocketAddress) ch.getLocalAddress());
        } catch (IOException e) {
            Sockets.closeQuietly(ch);
            throw new CannotListenException("cannot listen on UDP " + iface + " port " + port + ": " + e.getMessage(), e);
        }
        channel = ch;
    }

    /** Attaches the protocol and starts reading. */
    void start() {
        try {
            protocol.makeConnection(this);
        } catch (RuntimeException e) {
            log.error("startProtocol of {} threw", protocol, e);
        }
        if (!closed && !paused) {
            startReading();
        }
    }

    // ------------------------------------------------------------------ reading

    private void startReading() {
        if (!reading) {
            reading = true;
            udp.fds.addReader(channel, c -> doRead());
        }
    }

    private void stopReading() {
        if (reading) {
            reading = false;
            udp.fds.removeReader(channel);
        }
    }

    private void doRead() {
        for (int i = 0; i < READS_PER_TURN && reading && !closed; i++) {
            readBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(readBuffer);
            } catch (PortUnreachableException e) {
                refused();
                continue;
            } catch (IOException e) {
                log.warn("receiving on UDP {} failed: {}", host, e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            int n = readBuffer.position();
            if (n > maxPacketSize) {
                oversized++;
                log.warn("UDP {} dropped a datagram from {} larger than its maxPacketSize {} ({} dropped so far)",
                        host, from, maxPacketSize, oversized);
                continue;
            }
            byte[] data = new byte[n];
            readBuffer.flip().get(data);
            try {
                protocol.datagramReceived(data, Address.of((InetSocketAddress) from));
            } catch (RuntimeException e) {
                log.error("datagramReceived of {} threw", protocol, e);
            }
        }
    }

    private void refused() {
        try {
            protocol.connectionRefused();
        } catch (RuntimeException e) {
            log.error("connectionRefused of {} threw", protocol, e);
        }
    }

    @Override
    public void pauseProducing() {
        udp.checkThread("DatagramTransport.pauseProducing");
        paused = true;
        stopReading();
    }

    @Override
    public void resumeProducing() {
        udp.checkThread("DatagramTransport.resumeProducing");
        paused = false;
        if (!closed) {
            startReading();
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    public int write(byte[] data, IPAddress to) {
        Objects.requireNonNull(data, "data");
        udp.checkThread("DatagramTransport.write");
        checkOpen("write");
        int max = ipv6 ? 65_527 : MAX_IPV4_DATAGRAM;
        if (data.length > max) {
            throw new IllegalArgumentException("a datagram of " + data.length + " bytes is larger than UDP over "
                    + (ipv6 ? "IPv6" : "IPv4") + " can carry (" + max + "); split it");
        }
        if (peer != null || connecting) {
            if (to != null && !to.equals(peer)) {
                throw new IllegalArgumentException("this port is connected to " + (connecting ? "a peer being resolved" : peer)
                        + "; write to it without an address, or use another port for " + to);
            }
            if (connecting) {
                throw new IllegalStateException("connect() is still resolving the peer's name; write once its Deferred"
                        + " has fired");
            }
        } else if (to == null) {
            throw new IllegalStateException("this UDP port is not connected: give the address to send to, or connect()");
        }
        try {
            if (peer != null) {
                return channel.write(ByteBuffer.wrap(data));
            }
            return channel.send(ByteBuffer.wrap(data), socketAddress(to));
        } catch (PortUnreachableException e) {
            // Reported on a later turn: never call into the protocol from inside its own write.
            udp.reactor.callFromThread(() -> {
                if (!closed) {
                    refused();
                }
            });
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("sending " + data.length + " bytes from UDP " + host + " to "
                    + (to == null ? peer : to) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int write(byte[] data) {
        return write(data, null);
    }

    private InetSocketAddress socketAddress(IPAddress to) {
        if (!Address.isNumeric(to.host())) {
            throw new IllegalArgumentException("UDP writes need a numeric address, got the name \"" + to.host()
                    + "\"; resolve it once (or connect()) and write to the address");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(to.host()); // numeric: parsed, no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + to.host() + ": " + e.getMessage(), e);
        }
        if (!ipv6 && a instanceof Inet6Address) {
            throw new IllegalArgumentException("this UDP port is IPv4 (" + host + "); cannot send to IPv6 address " + to);
        }
        return new InetSocketAddress(a, to.port());
    }

    @Override
    public Deferred<Void> connect(String host, int port) {
        Objects.requireNonNull(host, "host");
        udp.checkThread("DatagramTransport.connect");
        checkOpen("connect");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("connect: port " + port + " is outside 1..65535");
        }
        if (peer != null || connecting) {
            throw new IllegalStateException("this UDP port is already connected" + (peer == null ? "" : " to " + peer)
                    + "; a port connects once");
        }
        if (Address.isNumeric(host)) {
            try {
                return connected(InetAddress.getByName(host), port); // numeric: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address " + host + ": " + e.getMessage(), e);
            }
        }
        connecting = true;
        // Name lookups block: the reactor's one resolver does them off the loop and fires back on it.
        return HostResolver.system(udp.reactor).resolve(host).addBothDeferred(looked -> {
            connecting = false;
            if (looked.isFailure()) {
                return Deferred.<Void>fail(looked.getCause());
            }
            if (closed) {
                return Deferred.<Void>fail(new ConnectFailedException("UDP port " + this.host + " closed while resolving "
                        + host));
            }
            InetAddress a = ofThisFamily(looked.get());
            if (a == null) {
                return Deferred.<Void>fail(new ConnectFailedException("cannot resolve host " + host
                        + ": it has no IPv4 address"));
            }
            return connected(a, port);
        });
    }

    /** The first address of this port's family, or null. */
    private InetAddress ofThisFamily(List<InetAddress> all) {
        for (InetAddress a : all) {
            if (ipv6 || a instanceof Inet4Address) {
                return a;
            }
        }
        return null;
    }

    private Deferred<Void> connected(InetAddress address, int port) {
        try {
            channel.connect(new InetSocketAddress(address, port));
        } catch (IOException e) {
            return Deferred.fail(new ConnectFailedException("connecting UDP " + host + " to " + address.getHostAddress()
                    + ":" + port + " failed: " + e.getMessage(), e));
        }
        peer = Address.of(new InetSocketAddress(address, port));
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

    // ------------------------------------------------------------------ multicast

    @Override
    public Deferred<Void> joinGroup(String group, String iface) {
        udp.checkThread("DatagramTransport.joinGroup");
        checkOpen("joinGroup");
        InetAddress g = multicast(group);
        NetworkInterface ni = networkInterface(iface);
        String key = g.getHostAddress() + "%" + ni.getName();
        if (groups.containsKey(key)) {
            return Deferred.succeed(null);
        }
        try {
            groups.put(key, channel.join(g, ni));
        } catch (IOException | IllegalArgumentException e) {
            return Deferred.fail(new IOException("cannot join multicast group " + group + " on " + ni.getName() + ": "
                    + e.getMessage(), e));
        }
        return Deferred.succeed(null);
    }

    @Override
    public Deferred<Void> leaveGroup(String group, String iface) {
        udp.checkThread("DatagramTransport.leaveGroup");
        InetAddress g = multicast(group);
        NetworkInterface ni = networkInterface(iface);
        MembershipKey k = groups.remove(g.getHostAddress() + "%" + ni.getName());
        if (k == null) {
            return Deferred.fail(new IllegalStateException("UDP " + host + " has not joined group " + group + " on "
                    + ni.getName()));
        }
        k.drop();
        return Deferred.succeed(null);
    }

    private InetAddress multicast(String group) {
        Objects.requireNonNull(group, "group");
        InetAddress g = null;
        if (Address.isNumeric(group)) {
            try {
                g = InetAddress.getByName(group);
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        if (g == null || !g.isMulticastAddress()) {
            throw new IllegalArgumentException("\"" + group + "\" is not a numeric multicast address (224.0.0.0/4 or"
                    + " ff00::/8)");
        }
        return g;
    }

    private NetworkInterface networkInterface(String iface) {
        try {
            if (iface == null || iface.isEmpty()) {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (ni.isUp() && ni.supportsMulticast() && !ni.isLoopback()) {
                        return ni;
                    }
                }
                return NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            }
            NetworkInterface ni = Address.isNumeric(iface) ? NetworkInterface.getByInetAddress(InetAddress.getByName(iface))
                    : null;
            if (ni == null) {
                throw new IllegalArgumentException("no network interface has the address \"" + iface
                        + "\"; give a numeric address of this host, or \"\"");
            }
            return ni;
        } catch (SocketException | UnknownHostException e) {
            throw new IllegalArgumentException("cannot find the network interface \"" + iface + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void setLoopbackMode(boolean on) {
        udp.checkThread("DatagramTransport.setLoopbackMode");
        setOption("IP_MULTICAST_LOOP", () -> channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, on));
    }

    @Override
    public void setTTL(int ttl) {
        udp.checkThread("DatagramTransport.setTTL");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("setTTL: " + ttl + " is outside 0..255");
        }
        setOption("IP_MULTICAST_TTL", () -> channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void setOption(String name, IoAction set) {
        checkOpen(name);
        try {
            set.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + name + " on UDP " + host + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int getMaxPacketSize() {
        return maxPacketSize;
    }

    @Override
    public long getOversizedDatagrams() {
        return oversized;
    }

    // ------------------------------------------------------------------ closing

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + ": UDP port " + host + " is closed");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Closes the socket and calls the protocol's {@code stopProtocol}; the Deferred fires
     * before it returns.
     */
    @Override
    public Deferred<Void> stopListening() {
        udp.checkThread("stopListening");
        if (closed) {
            return Deferred.succeed(null);
        }
        closed = true;
        reading = false;
        udp.closed(this);
        udp.fds.removeAll(channel);
        try {
            channel.close(); // drops the memberships too
        } catch (IOException e) {
            log.debug("closing UDP {} failed", host, e);
        }
        groups.clear();
        try {
            protocol.doStop();
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return Deferred.succeed(null);
    }

    @Override
    public void loseConnection() {
        stopListening();
    }

    @Override
    public void stopProducing() {
        stopListening();
    }

    @Override
    public String toString() {
        return "UdpPort[" + host + (peer == null ? "" : " -> " + peer) + (closed ? ", closed" : "") + "]";
    }
}
