package dev.deferred.net.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.NoProtocolException;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.testing.MemoryReactor;
import dev.deferred.net.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client endpoints' Deferred, driven through a MemoryReactor (the TCP tests cover real sockets). */
class ClientEndpointTest {

    static final class Recording extends Protocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data:" + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void connectionLost(Throwable reason) {
            events.add("lost:" + reason.getClass().getSimpleName());
        }
    }

    private final MemoryReactor reactor = new MemoryReactor();
    private final TCP4ClientEndpoint endpoint = new TCP4ClientEndpoint(reactor, "10.0.0.7", 1234);

    private Protocol buildFromRecordedFactory() {
        return reactor.getTcpClients().get(0).factory().buildProtocol(new IPv4Address("10.0.0.7", 1234));
    }

    @Test
    void firesWithTheProtocolOnlyAfterConnectionMade() {
        Recording inner = new Recording();
        Deferred<Protocol> d = endpoint.connect(Factory.forProtocol(() -> inner));
        List<Protocol> fired = new ArrayList<>();
        d.addCallback(p -> {
            fired.add(p);
            return p;
        });
        Protocol wrapper = buildFromRecordedFactory();
        assertEquals(List.of(), fired, "not connected yet");
        StringTransport transport = new StringTransport();
        wrapper.makeConnection(transport);
        assertEquals(List.of(inner), fired);
        assertEquals(List.of("made"), inner.events, "connectionMade ran before the Deferred fired");
        assertSame(transport, inner.getTransport(), "the user's protocol talks to the real transport");
        wrapper.dataReceived("x".getBytes(StandardCharsets.UTF_8));
        wrapper.deliverConnectionLost(new ConnectionDoneException("bye"));
        assertEquals(List.of("made", "data:x", "lost:ConnectionDoneException"), inner.events);
    }

    @Test
    void aFactoryReturningNullFailsWithNoProtocol() {
        Deferred<Protocol> d = endpoint.connect(Factory.forProtocol(() -> null));
        assertNull(buildFromRecordedFactory(), "the connection is refused");
        assertInstanceOf(NoProtocolException.class, Results.of(d).getCause());
    }

    @Test
    void aFactoryThatThrowsFailsTheDeferredWithItsException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Deferred<Protocol> d = endpoint.connect(Factory.forProtocol(() -> {
            throw boom;
        }));
        try {
            buildFromRecordedFactory();
        } catch (IllegalStateException expected) {
            // the connector sees it too and closes the connection
        }
        assertSame(boom, Results.of(d).getCause());
    }

    @Test
    void aFailedConnectionFailsTheDeferredWithItsReason() {
        Deferred<Protocol> d = endpoint.connect(Factory.forProtocol(Recording::new));
        MemoryReactor.TcpClient call = reactor.getTcpClients().get(0);
        ConnectionRefusedException refused = new ConnectionRefusedException("refused");
        call.factory().clientConnectionFailed(call.connector(), refused);
        assertSame(refused, Results.of(d).getCause());
    }

    @Test
    void cancellingWhileConnectingStopsTheAttempt() {
        Deferred<Protocol> d = endpoint.connect(Factory.forProtocol(Recording::new));
        Connector connector = reactor.getTcpClients().get(0).connector();
        d.cancel();
        assertEquals(Connector.State.DISCONNECTED, connector.getState());
        Throwable cause = Results.of(d).getCause();
        assertInstanceOf(ConnectingCancelledException.class, cause);
        assertTrue(cause.getMessage().contains("10.0.0.7"), cause.getMessage());
    }

    @Test
    void cancellingAfterTheConnectionIsMadeDoesNothing() {
        Recording inner = new Recording();
        Deferred<Protocol> d = endpoint.connect(Factory.forProtocol(() -> inner));
        buildFromRecordedFactory().makeConnection(new StringTransport());
        d.cancel();
        assertSame(inner, Results.of(d).get());
    }

    @Test
    void connectProtocolHandsOverTheGivenProtocol() {
        Recording mine = new Recording();
        Deferred<Recording> d = Endpoints.connectProtocol(endpoint, mine);
        buildFromRecordedFactory().makeConnection(new StringTransport());
        assertSame(mine, Results.of(d).get());
        assertEquals(List.of("made"), mine.events);
    }
}
