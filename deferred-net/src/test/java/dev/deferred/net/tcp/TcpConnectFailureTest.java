package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectTimeoutException;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.NoProtocolException;
import dev.deferred.net.protocol.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Client connections that do not happen: refused, cancelled, timed out, refused by the factory. */
class TcpConnectFailureTest {

    /** A port nobody listens on: bound, then closed. */
    private static int closedPort(LoopbackReactor lr) throws Exception {
        ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
        lr.await(port::stopListening);
        return ((IPAddress) port.getHost()).port();
    }

    @Test
    void connectionRefusedFailsTheDeferred() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int p = closedPort(lr);
            Factory f = Factory.forProtocol(Echo::new);
            Exception e = assertThrows(ConnectionRefusedException.class,
                    () -> lr.await(() -> new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p).connect(f)));
            assertTrue(e.getMessage().contains("127.0.0.1:" + p), e.getMessage());
            assertEquals(0, lr.call(f::getNumPorts), "the factory was stopped after the failure");
        }
    }

    @Test
    void cancellingBeforeTheAttemptStartsNeverConnects() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            AtomicInteger accepted = new AtomicInteger();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> {
                accepted.incrementAndGet();
                return new Echo();
            }), 50, "127.0.0.1"));
            int p = ((IPAddress) port.getHost()).port();
            Throwable cause = lr.call(() -> {
                Deferred<Protocol> d = new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p).connect(Factory.forProtocol(Echo::new));
                d.cancel(); // same turn: the socket was not even opened
                List<Throwable> seen = new ArrayList<>();
                d.addErrback(t -> {
                    seen.add(t);
                    return null;
                });
                return seen.get(0);
            });
            assertInstanceOf(ConnectingCancelledException.class, cause);
            // A later connection is the first the server sees.
            Collector c = new Collector(new byte[] {1}, 1);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), c));
            get(c.all);
            assertEquals(1, accepted.get());
        }
    }

    @Test
    void cancellingAPendingConnectStopsIt() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor(); Blackhole hole = new Blackhole()) {
            int p = hole.port();
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            List<Connector> connectors = new ArrayList<>();
            ClientFactory f = new ClientFactory(Echo::new) {
                @Override
                public void startedConnecting(Connector connector) {
                    connectors.add(connector);
                }

                @Override
                public void clientConnectionFailed(Connector connector, Throwable reason) {
                    failed.complete(reason);
                }
            };
            CompletableFuture<Throwable> endpointFailure = new CompletableFuture<>();
            Deferred<?>[] d = new Deferred<?>[1];
            lr.call(() -> {
                d[0] = new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p, Duration.ofMinutes(5))
                        .connect(Factory.forProtocol(Echo::new))
                        .addErrback(t -> {
                            endpointFailure.complete(t);
                            return null;
                        });
                lr.tcp.connectTCP("127.0.0.1", p, f, Duration.ofMinutes(5));
                return null;
            });
            lr.call(() -> null); // the attempts have begun: the sockets are connecting
            assertEquals(Connector.State.CONNECTING, lr.call(() -> connectors.get(0).getState()));
            lr.call(() -> {
                d[0].cancel();
                connectors.get(0).stopConnecting();
                return null;
            });
            assertInstanceOf(ConnectingCancelledException.class, get(endpointFailure));
            assertInstanceOf(ConnectingCancelledException.class, get(failed));
            assertEquals(Connector.State.DISCONNECTED, lr.call(() -> connectors.get(0).getState()));
            assertEquals(0, lr.call(f::getNumPorts));
        }
    }

    @Test
    void aConnectThatTakesTooLongTimesOut() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor(); Blackhole hole = new Blackhole()) {
            int p = hole.port();
            Exception e = assertThrows(ConnectTimeoutException.class, () -> lr.await(() ->
                    new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p, Duration.ofMillis(200))
                            .connect(Factory.forProtocol(Echo::new))));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        }
    }

    @Test
    void aClientFactoryReturningNullFailsWithNoProtocol() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionLost(Throwable reason) {
                    serverLost.complete(reason);
                }
            }), 50, "127.0.0.1"));
            int p = ((IPAddress) port.getHost()).port();
            assertThrows(NoProtocolException.class, () -> lr.await(() ->
                    new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p).connect(Factory.forProtocol(() -> null))));
            get(serverLost); // the client closed the socket it would not use
        }
    }

    @Test
    void aClientFactoryThatThrowsFailsWithItsException() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            int p = ((IPAddress) port.getHost()).port();
            IllegalStateException boom = new IllegalStateException("client factory bug");
            Exception e = assertThrows(IllegalStateException.class, () -> lr.await(() ->
                    new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p).connect(Factory.forProtocol(() -> {
                        throw boom;
                    }))));
            assertSame(boom, e);
        }
    }
}
