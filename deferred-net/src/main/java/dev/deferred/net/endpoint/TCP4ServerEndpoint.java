package dev.deferred.net.endpoint;

import dev.deferred.net.tcp.ReactorTCP;

/**
 * A TCP server endpoint over IPv4 (Twisted's {@code TCP4ServerEndpoint}).
 *
 * <pre>{@code
 * new TCP4ServerEndpoint(tcp, 0, 50, "127.0.0.1")
 *         .listen(Factory.forProtocol(Echo::new))
 *         .addCallback(port -> { System.out.println("listening on " + port.getHost()); return port; });
 * }</pre>
 */
public final class TCP4ServerEndpoint extends TcpServerEndpoint {

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
     * @throws IllegalArgumentException if {@code port} or {@code backlog} is out of range, or
     *     {@code iface} is not a numeric address (names are not looked up: that would block the
     *     reactor thread)
     */
    public TCP4ServerEndpoint(ReactorTCP reactor, int port, int backlog, String iface) {
        super(reactor, port, backlog, iface);
    }
}
