package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.ReactorTCP;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link TCP4ClientEndpoint} and {@link TCP6ClientEndpoint} share: the address family only
 * changes how the host is documented, so the connecting itself lives here once.
 */
abstract class TcpClientEndpoint implements ClientEndpoint {
    private final ReactorTCP reactor;
    private final String host;
    private final int port;
    private final Duration timeout;
    private final InetSocketAddress bindAddress;

    TcpClientEndpoint(ReactorTCP reactor, String host, int port, Duration timeout, InetSocketAddress bindAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        TcpClientConnect.checkPort(port, 1);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (bindAddress != null && bindAddress.isUnresolved()) {
            throw new IllegalArgumentException("bindAddress " + bindAddress + " is unresolved; give a local address,"
                    + " e.g. new InetSocketAddress(\"127.0.0.1\", 0)");
        }
        this.port = port;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Call it on the reactor thread (or before the reactor runs); the Deferred fires on the
     * reactor thread.
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        return TcpClientConnect.connect(reactor, host, port, timeout, bindAddress, factory);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + host + ":" + port + "]";
    }
}
