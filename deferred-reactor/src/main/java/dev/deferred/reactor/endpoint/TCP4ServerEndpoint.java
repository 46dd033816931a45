package dev.deferred.reactor.endpoint;

import dev.deferred.Deferred;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.ListeningPort;
import dev.deferred.reactor.tcp.ReactorTCP;
import java.util.Objects;

/**
 * A TCP server endpoint over IPv4 (Twisted's {@code TCP4ServerEndpoint}).
 *
 * <pre>{@code
 * new TCP4ServerEndpoint(tcp, 0, 50, "127.0.0.1")
 *         .listen(Factory.forProtocol(Echo::new))
 *         .addCallback(port -> { System.out.println("listening on " + port.getHost()); return port; });
 * }</pre>
 */
public final class TCP4ServerEndpoint implements ServerEndpoint {
    private final ReactorTCP reactor;
    private final int port;
    private final int backlog;
    private final String iface;

    /**
     * Listens on {@code port} on all IPv4 interfaces, backlog 50.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for an ephemeral one
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public TCP4ServerEndpoint(ReactorTCP reactor, int port) {
        this(reactor, port, 50, "");
    }

    /**
     * Listens on {@code port} on {@code iface}.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for an ephemeral one
     * @param backlog the accept queue length, at least 1
     * @param iface the IPv4 address to bind
     * @throws IllegalArgumentException if {@code port} or {@code backlog} is out of range
     */
    public TCP4ServerEndpoint(ReactorTCP reactor, int port, int backlog, String iface) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        TcpClientConnect.checkPort(port, 0);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        this.port = port;
        this.backlog = backlog;
        this.iface = Objects.requireNonNull(iface, "iface");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Listens at once (call it on the reactor thread or before the reactor runs); the
     * Deferred is already fired when returned.
     */
    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        return Deferred.execute(() -> reactor.listenTCP(port, factory, backlog, iface));
    }

    @Override
    public String toString() {
        return "TCP4ServerEndpoint[" + iface + ":" + port + "]";
    }
}
