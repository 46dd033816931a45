package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.tcp.ReactorTCP;
import java.util.Objects;

/**
 * What {@link TCP4ServerEndpoint} and {@link TCP6ServerEndpoint} share: the address family only
 * changes their defaults (the interface to bind), so the listening itself lives here once.
 */
abstract class TcpServerEndpoint implements ServerEndpoint {
    private final ReactorTCP reactor;
    private final int port;
    private final int backlog;
    private final String iface;

    TcpServerEndpoint(ReactorTCP reactor, int port, int backlog, String iface) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        TcpClientConnect.checkPort(port, 0);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        this.port = port;
        this.backlog = backlog;
        this.iface = Objects.requireNonNull(iface, "iface");
        if (!iface.isEmpty()) {
            try {
                Address.parseNumeric(iface);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("interface " + e.getMessage()
                        + "; names are not looked up, since that would block the reactor thread", e);
            }
        }
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
        return getClass().getSimpleName() + "[" + iface + ":" + port + "]";
    }
}
