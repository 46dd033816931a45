package dev.deferred.net.endpoint;

import dev.deferred.net.tcp.ReactorTCP;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A TCP client endpoint over IPv6 (Twisted's {@code TCP6ClientEndpoint}).
 *
 * <pre>{@code
 * Deferred<Protocol> d = new TCP6ClientEndpoint(tcp, "::1", 8080).connect(Factory.forProtocol(Greeter::new));
 * d.addCallback(p -> ((Greeter) p).greet());
 * d.cancel();   // while still connecting: stops the attempt, d fails with ConnectingCancelledException
 * }</pre>
 */
public final class TCP6ClientEndpoint extends TcpClientEndpoint {

    /**
     * Connects to {@code host:port} with a 30-second timeout.
     *
     * @param reactor the reactor to connect with
     * @param host an IPv6 address or a host name
     * @param port the port, 1 to 65535
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public TCP6ClientEndpoint(ReactorTCP reactor, String host, int port) {
        this(reactor, host, port, Duration.ofSeconds(30));
    }

    /**
     * Connects to {@code host:port}, giving up after {@code timeout}.
     *
     * @param reactor the reactor to connect with
     * @param host an IPv6 address or a host name
     * @param port the port, 1 to 65535
     * @param timeout how long an attempt may take; positive
     * @throws IllegalArgumentException if {@code port} is out of range or {@code timeout} is not positive
     */
    public TCP6ClientEndpoint(ReactorTCP reactor, String host, int port, Duration timeout) {
        this(reactor, host, port, timeout, null);
    }

    /**
     * Connects to {@code host:port} from the local address {@code bindAddress} (Twisted's
     * {@code bindAddress}), giving up after {@code timeout}. If the address cannot be bound, the
     * attempt fails with a {@link dev.deferred.net.protocol.ConnectBindException}.
     *
     * <pre>{@code
     * new TCP6ClientEndpoint(tcp, "example.org", 80, Duration.ofSeconds(30), new InetSocketAddress("2001:db8::10", 0))
     * }</pre>
     *
     * @param reactor the reactor to connect with
     * @param host an IPv6 address or a host name
     * @param port the port, 1 to 65535
     * @param timeout how long an attempt may take; positive
     * @param bindAddress the local address and port to connect from (port 0: any); resolved; null
     *     to let the system pick
     * @throws IllegalArgumentException if {@code port} is out of range, {@code timeout} is not
     *     positive or {@code bindAddress} is unresolved
     */
    public TCP6ClientEndpoint(ReactorTCP reactor, String host, int port, Duration timeout,
            InetSocketAddress bindAddress) {
        super(reactor, host, port, timeout, bindAddress);
    }
}
