package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.IdleTimeout;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 18 item 15 on real loopback sockets: socket options through one typed call, and the idle timeout. */
class TcpSocketOptionsTest {

    /** Connects and waits (bounded) for the server to close the connection; says how long it waited. */
    private static final String WAIT_FOR_CLOSE = """
            import socket, sys, time
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.settimeout(30)
            t0 = time.monotonic()
            data = s.recv(100)
            print("closed" if data == b"" else "got data", round(time.monotonic() - t0, 3))
            """;

    /**
     * Nagle's algorithm is off on both ends of a connection when the protocol first sees it (the
     * write queue already batches a turn's writes; Nagle on top held the 53-byte tail of each 64 KiB
     * loopback write back for an ACK, a third of Netty's bulk echo), and a protocol may turn it on.
     */
    @Test
    void nagleIsOffOnBothEndsByDefaultAndAProtocolMayTurnItOn() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Boolean> accepted = new CompletableFuture<>();
            CompletableFuture<Boolean> clientSide = new CompletableFuture<>();
            CompletableFuture<Boolean> turnedOn = new CompletableFuture<>();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    TcpConnection c = (TcpConnection) transport;
                    accepted.complete(c.getOption(StandardSocketOptions.TCP_NODELAY));
                    c.setTcpNoDelay(false);
                    turnedOn.complete(c.getOption(StandardSocketOptions.TCP_NODELAY));
                }
            }), 50, "127.0.0.1"));
            ClientFactory client = new ClientFactory(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    clientSide.complete(((TcpConnection) transport).getOption(StandardSocketOptions.TCP_NODELAY));
                }
            });
            int p = ((IPAddress) port.getHost()).port();
            lr.call(() -> lr.tcp.connectTCP("127.0.0.1", p, client, Duration.ofSeconds(10)));
            assertEquals(true, LoopbackReactor.get(accepted), "accepted end");
            assertEquals(true, LoopbackReactor.get(clientSide), "connecting end");
            assertEquals(false, LoopbackReactor.get(turnedOn), "Nagle back on at the protocol's request");
        }
    }

    @Test
    void keepAliveAndOtherOptionsAreSetOnTheSocket() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<TcpConnection> server = new CompletableFuture<>();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    server.complete((TcpConnection) transport);
                }
            }), 50, "127.0.0.1"));
            Collector client = new Collector(new byte[0], 1);
            lr.await(() -> dev.deferred.net.endpoint.Endpoints.connectProtocol(
                    new dev.deferred.net.endpoint.TCP4ClientEndpoint(lr.tcp, "127.0.0.1",
                            ((IPAddress) port.getHost()).port()), client));
            TcpConnection c = LoopbackReactor.get(server);
            lr.call(() -> {
                assertEquals(false, c.getOption(StandardSocketOptions.SO_KEEPALIVE));
                c.setKeepAlive(true);
                assertEquals(true, c.getOption(StandardSocketOptions.SO_KEEPALIVE));
                c.setTcpNoDelay(true);
                assertEquals(true, c.getOption(StandardSocketOptions.TCP_NODELAY));
                c.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024);
                assertTrue(c.getOption(StandardSocketOptions.SO_RCVBUF) >= 32 * 1024); // Linux doubles it
                IllegalArgumentException unsupported = assertThrows(IllegalArgumentException.class,
                        () -> c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1));
                assertTrue(unsupported.getMessage().contains("IP_MULTICAST_TTL")
                        && unsupported.getMessage().contains("SO_KEEPALIVE"), unsupported.getMessage());
                return null;
            });
            IllegalStateException offLoop = assertThrows(IllegalStateException.class, () -> c.setKeepAlive(false));
            assertTrue(offLoop.getMessage().contains("reactor thread"), offLoop.getMessage());
            lr.call(() -> {
                c.abortConnection();
                return null;
            });
            IllegalStateException closed = lr.call(() -> assertThrows(IllegalStateException.class,
                    () -> c.setKeepAlive(true)));
            assertTrue(closed.getMessage().contains("SO_KEEPALIVE"), closed.getMessage());
        }
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                final IdleTimeout idle = new IdleTimeout(this, lr.reactor);

                @Override
                public void connectionMade() {
                    idle.setTimeout(Duration.ofMillis(200));
                }

                @Override
                public void connectionLost(Throwable reason) {
                    lost.complete(reason);
                }
            }), 50, "127.0.0.1"));
            String out = PythonClient.run(WAIT_FOR_CLOSE, ((IPAddress) port.getHost()).port());
            assertTrue(out.startsWith("closed"), out);
            assertInstanceOf(ConnectionDoneException.class, LoopbackReactor.get(lost));
            assertEquals(0, (int) lr.call(lr.reactor::getPendingTimerCount), "the idle timer is gone with the connection");
        }
    }
}
