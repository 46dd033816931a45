package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectBindException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Client connections from a chosen local address (Twisted's {@code bindAddress}). */
class TcpConnectBindTest {

    /** A server protocol that reports the address its client connected from. */
    static final class PeerReporter extends Protocol {
        final CompletableFuture<IPv4Address> peer;

        PeerReporter(CompletableFuture<IPv4Address> peer) {
            this.peer = peer;
        }

        @Override
        public void connectionMade() {
            peer.complete((IPv4Address) transport.getPeer());
            transport.loseConnection();
        }
    }

    @Test
    void aClientBoundToAnAddressConnectsFromIt() throws Exception {
        // Every 127/8 address is this host's on Linux; the server, on 127.0.0.1, sees 127.0.0.2.
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<IPv4Address> seenByServer = new CompletableFuture<>();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0,
                    Factory.forProtocol(() -> new PeerReporter(seenByServer)), 50, "127.0.0.1"));
            int p = ((IPAddress) port.getHost()).port();
            Collector c = lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p,
                    Duration.ofSeconds(30), new InetSocketAddress("127.0.0.2", 0)), new Collector(new byte[0], 0)));
            IPv4Address local = lr.call(() -> (IPv4Address) c.getTransport().getHost());
            assertEquals("127.0.0.2", local.host());
            assertEquals(local, get(seenByServer));
            get(c.lost);
            lr.await(port::stopListening);
        }
    }

    @Test
    void aBindAddressInUseFailsTheAttemptWithConnectBindException() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            int p = ((IPAddress) port.getHost()).port();
            InetSocketAddress taken = new InetSocketAddress("127.0.0.1", p); // the listener holds it
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            ClientFactory f = new ClientFactory(Echo::new) {
                @Override
                public void clientConnectionFailed(Connector connector, Throwable reason) {
                    failed.complete(reason);
                }
            };
            lr.call(() -> lr.tcp.connectTCP("127.0.0.1", p, f, Duration.ofSeconds(30), taken));
            ConnectBindException e = assertInstanceOf(ConnectBindException.class, get(failed));
            assertTrue(e.getMessage().contains("127.0.0.1:" + p) && e.getMessage().contains("cannot bind"), e.getMessage());
            assertEquals(0, lr.call(f::getNumPorts), "the factory was stopped after the failure");
            // Through an endpoint, the Deferred fails with it.
            assertThrows(ConnectBindException.class, () -> lr.await(() -> new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p,
                    Duration.ofSeconds(30), taken).connect(Factory.forProtocol(Echo::new))));
            lr.await(port::stopListening);
        }
    }

    @Test
    void anUnresolvedBindAddressIsRefusedAtTheCall() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            InetSocketAddress unresolved = InetSocketAddress.createUnresolved("somewhere", 0);
            ClientFactory f = new ClientFactory(Echo::new);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> lr.tcp.connectTCP("127.0.0.1", 1, f, Duration.ofSeconds(1), unresolved)));
            assertTrue(e.getMessage().contains("bindAddress") && e.getMessage().contains("unresolved"), e.getMessage());
            assertEquals(0, lr.call(f::getNumPorts), "nothing was started");
            assertThrows(IllegalArgumentException.class,
                    () -> new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", 1, Duration.ofSeconds(1), unresolved));
        }
    }
}
