package dev.deferred.reactor.endpoint;

import dev.deferred.Deferred;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.Protocol;
import dev.deferred.reactor.tcp.ReactorTCP;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP client endpoint over IPv4 (Twisted's {@code TCP4ClientEndpoint}).
 *
 * <pre>{@code
 * Deferred<Protocol> d = new TCP4ClientEndpoint(tcp, "127.0.0.1", 8080).connect(Factory.forProtocol(Greeter::new));
 * d.addCallback(p -> ((Greeter) p).greet());
 * d.cancel();   // while still connecting: stops the attempt, d fails with ConnectingCancelledException
 * }</pre>
 */
public final class TCP4ClientEndpoint implements ClientEndpoint {
    private final ReactorTCP reactor;
    private final String host;
    private final int port;
    private final Duration timeout;

    /**
     * Connects to {@code host:port} with a 30-second timeout.
     *
     * @param reactor the reactor to connect with
     * @param host an IPv4 address or a host name
     * @param port the port, 1 to 65535
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public TCP4ClientEndpoint(ReactorTCP reactor, String host, int port) {
        this(reactor, host, port, Duration.ofSeconds(30));
    }

    /**
     * Connects to {@code host:port}, giving up after {@code timeout}.
     *
     * @param reactor the reactor to connect with
     * @param host an IPv4 address or a host name
     * @param port the port, 1 to 65535
     * @param timeout how long an attempt may take; positive
     * @throws IllegalArgumentException if {@code port} is out of range or {@code timeout} is not positive
     */
    public TCP4ClientEndpoint(ReactorTCP reactor, String host, int port, Duration timeout) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        TcpClientConnect.checkPort(port, 1);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.port = port;
        this.timeout = timeout;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Call it on the reactor thread (or before the reactor runs); the Deferred fires on the
     * reactor thread.
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        return TcpClientConnect.connect(reactor, host, port, timeout, factory);
    }

    @Override
    public String toString() {
        return "TCP4ClientEndpoint[" + host + ":" + port + "]";
    }
}
