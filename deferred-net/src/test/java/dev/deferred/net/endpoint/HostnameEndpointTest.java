package dev.deferred.net.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectTimeoutException;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.HostResolver;
import dev.deferred.net.testing.MemoryReactor;
import dev.deferred.net.testing.StringTransport;
import io.vavr.control.Try;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HostnameEndpoint's happy eyeballs, driven deterministically by a MemoryReactor and its fake clock. */
class HostnameEndpointTest {
    private final MemoryReactor mem = new MemoryReactor();
    private final Protocol mine = new Protocol() { };

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private HostnameEndpoint endpoint(HostResolver resolver) {
        return new HostnameEndpoint(mem, mem, resolver, "svc.example", 443, Duration.ofSeconds(10),
                Duration.ofMillis(250), null);
    }

    private static HostResolver answers(String... ips) {
        return host -> Deferred.succeed(java.util.Arrays.stream(ips).map(HostnameEndpointTest::ip).toList());
    }

    /** Connects the n-th recorded attempt as if its socket had connected. */
    private void connectAttempt(int n) {
        MemoryReactor.TcpClient c = mem.getTcpClients().get(n);
        Protocol p = c.factory().buildProtocol(new IPv4Address(c.host(), c.port()));
        p.makeConnection(new StringTransport());
    }

    @Test
    void attemptsAreStaggeredAndTheFirstToConnectWinsTheOthersAreCancelled() {
        Deferred<Protocol> d = endpoint(answers("192.0.2.1", "192.0.2.2", "192.0.2.3")).connect(Factory.forProtocol(() -> mine));
        assertEquals(1, mem.getTcpClients().size(), "the first attempt starts at once");
        assertEquals("192.0.2.1", mem.getTcpClients().get(0).host());
        mem.advance(Duration.ofMillis(249));
        assertEquals(1, mem.getTcpClients().size(), "the next waits for the attempt delay");
        mem.advance(Duration.ofMillis(1));
        assertEquals(2, mem.getTcpClients().size());
        assertEquals("192.0.2.2", mem.getTcpClients().get(1).host());
        assertEquals(443, mem.getTcpClients().get(1).port());

        connectAttempt(1); // the second answers; the first never does
        Try<Protocol> r = Results.of(d);
        assertSame(mine, r.get());
        assertEquals(Connector.State.DISCONNECTED, mem.getTcpClients().get(0).connector().getState(),
                "the losing attempt was stopped");
        mem.advance(Duration.ofSeconds(60));
        assertEquals(2, mem.getTcpClients().size(), "no third attempt after the win");
        assertTrue(mem.getClock().getDelayedCalls().isEmpty(), "no timer left behind");
    }

    @Test
    void aFailedAttemptStartsTheNextAtOnce() {
        Deferred<Protocol> d = endpoint(answers("192.0.2.1", "192.0.2.2")).connect(Factory.forProtocol(() -> mine));
        MemoryReactor.TcpClient first = mem.getTcpClients().get(0);
        first.factory().clientConnectionFailed(first.connector(), new ConnectionRefusedException("refused"));
        assertEquals(2, mem.getTcpClients().size(), "no wait after a failure");
        connectAttempt(1);
        assertSame(mine, Results.of(d).get());
    }

    @Test
    void whenEveryAddressFailsTheLastFailureIsReportedWithTheOthersSuppressed() {
        Deferred<Protocol> d = endpoint(answers("192.0.2.1", "192.0.2.2")).connect(Factory.forProtocol(() -> mine));
        MemoryReactor.TcpClient first = mem.getTcpClients().get(0);
        first.factory().clientConnectionFailed(first.connector(), new ConnectionRefusedException("refused 1"));
        MemoryReactor.TcpClient second = mem.getTcpClients().get(1);
        second.factory().clientConnectionFailed(second.connector(), new ConnectionRefusedException("refused 2"));
        Throwable e = Results.of(d).getCause();
        assertInstanceOf(ConnectionRefusedException.class, e);
        assertEquals("refused 2", e.getMessage());
        assertEquals("refused 1", e.getSuppressed()[0].getMessage());
        assertTrue(mem.getClock().getDelayedCalls().isEmpty(), "the timeout was cancelled");
    }

    @Test
    void theTimeoutFailsTheConnectAndStopsEveryAttempt() {
        Deferred<Protocol> d = endpoint(answers("192.0.2.1", "192.0.2.2")).connect(Factory.forProtocol(() -> mine));
        mem.advance(Duration.ofMillis(250));
        assertEquals(2, mem.getTcpClients().size());
        mem.advance(Duration.ofMillis(9750));
        Throwable e = Results.of(d).getCause();
        assertInstanceOf(ConnectTimeoutException.class, e);
        assertTrue(e.getMessage().contains("svc.example:443"), e.getMessage());
        for (MemoryReactor.TcpClient c : mem.getTcpClients()) {
            assertEquals(Connector.State.DISCONNECTED, c.connector().getState(), c.host());
        }
        assertTrue(mem.getClock().getDelayedCalls().isEmpty());
    }

    @Test
    void cancellingCancelsEveryAttemptAndEveryTimer() {
        Deferred<Protocol> d = endpoint(answers("192.0.2.1", "2001:db8::1", "192.0.2.2")).connect(Factory.forProtocol(() -> mine));
        mem.advance(Duration.ofMillis(250));
        assertEquals(2, mem.getTcpClients().size());
        d.cancel();
        assertInstanceOf(ConnectingCancelledException.class, Results.of(d).getCause());
        for (MemoryReactor.TcpClient c : mem.getTcpClients()) {
            assertEquals(Connector.State.DISCONNECTED, c.connector().getState(), c.host());
        }
        assertTrue(mem.getClock().getDelayedCalls().isEmpty());
        mem.advance(Duration.ofSeconds(1));
        assertEquals(2, mem.getTcpClients().size());
    }

    @Test
    void cancellingDuringTheLookupCancelsItAndStartsNothing() {
        Deferred<List<InetAddress>> lookup = new Deferred<>();
        Deferred<Protocol> d = endpoint(host -> lookup).connect(Factory.forProtocol(() -> mine));
        d.cancel();
        assertTrue(lookup.isCalled(), "the lookup was cancelled");
        assertInstanceOf(ConnectingCancelledException.class, Results.of(d).getCause());
        assertTrue(mem.getTcpClients().isEmpty());
        assertTrue(mem.getClock().getDelayedCalls().isEmpty());
    }

    @Test
    void aNameThatDoesNotResolveFailsNamingIt() {
        // The MemoryReactor's default resolver refuses names, as a failed lookup does.
        Deferred<Protocol> d = Endpoints.clientFromString(mem, "hostname:host=no.such.name:port=80")
                .connect(Factory.forProtocol(() -> mine));
        Throwable e = Results.of(d).getCause();
        assertInstanceOf(ConnectFailedException.class, e);
        assertTrue(e.getMessage().contains("no.such.name"), e.getMessage());
        assertTrue(mem.getTcpClients().isEmpty());
        assertTrue(mem.getClock().getDelayedCalls().isEmpty(), "no timer left behind");
    }

    @Test
    void familiesAlternateStartingWithTheFirstAnswers() {
        List<InetAddress> order = HostnameEndpoint.interleave(List.of(ip("2001:db8::1"), ip("2001:db8::2"),
                ip("2001:db8::3"), ip("192.0.2.1")));
        assertEquals(List.of(ip("2001:db8::1"), ip("192.0.2.1"), ip("2001:db8::2"), ip("2001:db8::3")), order);
    }

    @Test
    void theEndpointStringBuildsOneWithItsParameters() {
        mem.setHostResolver(answers("192.0.2.7", "192.0.2.8"));
        Deferred<Protocol> d = Endpoints.clientFromString(mem, "hostname:host=svc.example:port=8080:attemptDelay=100:timeout=2")
                .connect(Factory.forProtocol(() -> mine));
        mem.advance(Duration.ofMillis(100));
        assertEquals(2, mem.getTcpClients().size());
        mem.advance(Duration.ofMillis(1900));
        assertInstanceOf(ConnectTimeoutException.class, Results.of(d).getCause());
        IllegalArgumentException server = assertThrows(IllegalArgumentException.class,
                () -> Endpoints.serverFromString(mem, "hostname:8080"));
        assertTrue(server.getMessage().contains("unknown type \"hostname\""), server.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Endpoints.clientFromString(mem, "hostname:host=a:port=1:trustRoots=x"));
        assertTrue(unknown.getMessage().contains("unknown parameter \"trustRoots\""), unknown.getMessage());
    }
}
