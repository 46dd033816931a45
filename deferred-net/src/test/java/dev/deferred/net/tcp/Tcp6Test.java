package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP6ClientEndpoint;
import dev.deferred.net.endpoint.TCP6ServerEndpoint;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.IPv6Address;
import dev.deferred.net.protocol.ListeningPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TCP over IPv6 loopback; skipped where ::1 cannot be bound. */
class Tcp6Test {

    @BeforeAll
    static void needsIpv6Loopback() {
        boolean available;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("::1", 0));
            available = true;
        } catch (IOException | UnsupportedOperationException e) {
            available = false;
        }
        assumeTrue(available, "IPv6 loopback ::1 is not available here");
    }

    @Test
    void echoOverIpv6ThroughEndpointStrings() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.await(() -> Endpoints.serverFromString(lr.tcp, "tcp6:port=0:interface=\\:\\:1")
                    .listen(Factory.forProtocol(Echo::new)));
            assertInstanceOf(IPv6Address.class, port.getHost());
            int p = ((IPAddress) port.getHost()).port();
            Collector c = new Collector("over six".getBytes(UTF_8), 8);
            lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(lr.tcp, "tcp6:host=\\:\\:1:port=" + p), c));
            assertArrayEquals("over six".getBytes(UTF_8), get(c.all));
            IPv6Address peer = (IPv6Address) lr.call(() -> c.getTransport().getPeer());
            assertTrue(peer.port() == p && peer.host().endsWith(":1"), peer.toString());
        }
    }

    @Test
    void refusedOverIpv6() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.await(() -> new TCP6ServerEndpoint(lr.tcp, 0, 50, "::1")
                    .listen(Factory.forProtocol(Echo::new)));
            lr.await(port::stopListening);
            int p = ((IPAddress) port.getHost()).port();
            org.junit.jupiter.api.Assertions.assertThrows(ConnectionRefusedException.class, () -> lr.await(() ->
                    new TCP6ClientEndpoint(lr.tcp, "::1", p).connect(Factory.forProtocol(Echo::new))));
        }
    }
}
