package dev.deferred.net.tcp;

import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A reactor that can listen and connect over TCP: Twisted's {@code IReactorTCP}. Implemented by
 * {@link TcpReactor} (real sockets on a {@code SelectReactor}) and by
 * {@code dev.deferred.net.testing.MemoryReactor} (records the calls). Endpoints are built on it.
 *
 * <p>Call these methods on the reactor thread, or before the reactor runs.
 */
public interface ReactorTCP {

    /**
     * Opens a listening TCP port now; each accepted connection gets a protocol from
     * {@code factory}. The factory's {@link Factory#doStart()} runs now.
     *
     * <pre>{@code
     * ListeningPort port = tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
     * }</pre>
     *
     * @param port the port, 0 for an ephemeral one (see {@link ListeningPort#getHost()})
     * @param factory builds a protocol per connection; returning null refuses it
     * @param backlog the accept queue length, at least 1 (Twisted's default is 50)
     * @param iface the address to bind: {@code "127.0.0.1"}, {@code "::1"}, {@code "::"} (all
     *     IPv6 and, on dual-stack hosts, IPv4), or {@code ""} / null for all IPv4 interfaces; a
     *     numeric address, since a name lookup would block the reactor thread
     * @return the open port
     * @throws CannotListenException if the address cannot be bound (e.g. the port is in use)
     * @throws IllegalArgumentException if {@code port} or {@code backlog} is out of range, or
     *     {@code iface} is a host name or a malformed address
     */
    ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) throws CannotListenException;

    /**
     * Starts connecting to {@code host:port}. The factory's {@link Factory#doStart()} and
     * {@link ClientFactory#startedConnecting} run now; the attempt itself begins on the next turn
     * of the reactor, so it can still be stopped with {@link Connector#stopConnecting()} before any
     * packet is sent. On success the factory builds the protocol; on failure
     * {@link ClientFactory#clientConnectionFailed} says why.
     *
     * <pre>{@code
     * Connector c = tcp.connectTCP("127.0.0.1", 8000, new ClientFactory(Greeter::new), Duration.ofSeconds(30));
     * }</pre>
     *
     * @param host a numeric address or a host name (resolved off the reactor thread)
     * @param port the port, 1 to 65535
     * @param factory the client factory
     * @param timeout how long the attempt may take before it fails with a
     *     {@code ConnectTimeoutException}
     * @return the connector
     * @throws IllegalArgumentException if {@code port} is out of range or {@code timeout} is not
     *     positive
     */
    default Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout) {
        return connectTCP(host, port, factory, timeout, null);
    }

    /**
     * Starts connecting to {@code host:port} from the local address {@code bindAddress}, as
     * {@link #connectTCP(String, int, ClientFactory, Duration)} does from an address the system
     * picks. Port 0 in {@code bindAddress} lets the system pick the port only. If the address
     * cannot be bound (the port is taken, the address is not this host's), the attempt fails with
     * a {@link dev.deferred.net.protocol.ConnectBindException}.
     *
     * <pre>{@code
     * tcp.connectTCP("10.0.0.7", 8000, factory, Duration.ofSeconds(30), new InetSocketAddress("10.0.0.2", 0));
     * }</pre>
     *
     * @param host a numeric address or a host name (resolved off the reactor thread)
     * @param port the port, 1 to 65535
     * @param factory the client factory
     * @param timeout how long the attempt may take before it fails with a
     *     {@code ConnectTimeoutException}
     * @param bindAddress the local address and port to connect from (Twisted's
     *     {@code bindAddress}); resolved; null to let the system pick
     * @return the connector
     * @throws IllegalArgumentException if {@code port} is out of range, {@code timeout} is not
     *     positive or {@code bindAddress} is unresolved
     */
    Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout, InetSocketAddress bindAddress);

    /**
     * How this reactor resolves host names (for {@code HostnameEndpoint} and endpoint strings).
     *
     * @return the resolver
     * @throws UnsupportedOperationException if this reactor has none (the default); give
     *     {@code HostnameEndpoint} a resolver explicitly
     */
    default HostResolver hostResolver() {
        throw new UnsupportedOperationException(getClass().getName()
                + " has no host resolver; give HostnameEndpoint a HostResolver explicitly");
    }
}
