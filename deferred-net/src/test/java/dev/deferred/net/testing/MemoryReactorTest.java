package dev.deferred.net.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.Leftovers.Leftover;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.IPv6Address;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {
    private static final ContextKey<String> REQUEST = ContextKey.named("request");

    @Test
    void listenTcpIsRecordedAndPortZeroGetsAMadeUpPort() {
        MemoryReactor reactor = new MemoryReactor();
        Factory f = Factory.forProtocol(() -> new Protocol() { });
        ListeningPort fixed = reactor.listenTCP(8080, f, 50, "127.0.0.1");
        ListeningPort ephemeral = reactor.listenTCP(0, f, 5, "::1");
        assertEquals(List.of(new MemoryReactor.TcpServer(8080, f, 50, "127.0.0.1"),
                new MemoryReactor.TcpServer(0, f, 5, "::1")), reactor.getTcpServers());
        assertEquals(new IPv4Address("127.0.0.1", 8080), fixed.getHost());
        assertInstanceOf(IPv6Address.class, ephemeral.getHost());
        org.junit.jupiter.api.Assertions.assertTrue(ephemeral.getHost() instanceof IPv6Address a && a.port() >= 49152);
        assertEquals(0, f.getNumPorts(), "like Twisted's, the memory reactor does not start factories");
    }

    @Test
    void connectTcpIsRecordedAndTellsTheFactoryItStarted() {
        MemoryReactor reactor = new MemoryReactor();
        List<Connector> started = new ArrayList<>();
        ClientFactory f = new ClientFactory(() -> new Protocol() { }) {
            @Override
            public void startedConnecting(Connector connector) {
                started.add(connector);
            }
        };
        Connector c = reactor.connectTCP("example.com", 80, f, Duration.ofSeconds(7));
        MemoryReactor.TcpClient call = reactor.getTcpClients().get(0);
        assertEquals("example.com", call.host());
        assertEquals(80, call.port());
        assertSame(f, call.factory());
        assertEquals(Duration.ofSeconds(7), call.timeout());
        assertSame(c, call.connector());
        assertEquals(List.of(c), started);
        assertEquals(Connector.State.CONNECTING, c.getState());
        assertEquals(new IPv4Address("example.com", 80), c.getDestination());
    }

    @Test
    void stopConnectingReportsACancellationToTheFactory() {
        MemoryReactor reactor = new MemoryReactor();
        List<Throwable> failures = new ArrayList<>();
        ClientFactory f = new ClientFactory(() -> new Protocol() { }) {
            @Override
            public void clientConnectionFailed(Connector connector, Throwable reason) {
                failures.add(reason);
            }
        };
        Connector c = reactor.connectTCP("h", 1, f, Duration.ofSeconds(1));
        c.stopConnecting();
        assertEquals(1, failures.size());
        assertInstanceOf(ConnectingCancelledException.class, failures.get(0));
        assertEquals(Connector.State.DISCONNECTED, c.getState());
        assertThrows(IllegalStateException.class, c::stopConnecting);
    }

    @Test
    void timeComesFromTheFakeClock() {
        MemoryReactor reactor = new MemoryReactor();
        List<Double> ran = new ArrayList<>();
        reactor.callLater(Duration.ofSeconds(2), () -> ran.add(reactor.seconds()));
        reactor.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), ran);
        reactor.advance(Duration.ofSeconds(1));
        assertEquals(List.of(2.0), ran);
        assertSame(reactor.getClock(), reactor.getClock());
    }

    @Test
    void aMemoryReactorReportsPortsStillListeningAndItsDelayedCalls() {
        boolean debugging = Deferred.isDebugging();
        Deferred.setDebugging(true);
        MemoryReactor reactor = new MemoryReactor();
        ListeningPort port;
        try {
            port = reactor.listenTCP(8080, new Factory() { }, 50, "");
            reactor.callLater(Duration.ofSeconds(3), () -> { });
        } finally {
            Deferred.setDebugging(debugging);
        }
        List<Leftover> left = reactor.leftovers();
        assertEquals(2, left.size(), left.toString());
        assertTrue(left.get(0).description().startsWith("DelayedCall[at 3.0s, pending"), left.toString());
        assertTrue(left.get(1).description().startsWith("MemoryPort["), left.toString());
        assertTrue(left.get(1).toString().contains("at dev.deferred.net.testing.MemoryReactorTest.aMemoryReactorReports"), left.toString());
        port.stopListening();
        assertEquals(1, reactor.leftovers().size());
    }

    @Test
    void memoryReactorCallLaterRunsInTheSchedulingContext() {
        MemoryReactor reactor = new MemoryReactor();
        List<String> seen = new ArrayList<>();
        DeferredContext.with(REQUEST, "r1", () -> reactor.callLater(Duration.ofSeconds(2), () -> seen.add("t " + REQUEST.get())));
        reactor.advance(Duration.ofSeconds(2));
        assertEquals(List.of("t r1"), seen);
    }
}
