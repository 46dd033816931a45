package dev.deferred.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolLifecycleTest {

    /** Records its events; echoes data back. */
    static final class Recorder extends Protocol {
        final List<String> events = new ArrayList<>();
        Transport transportSeenInConnectionMade;

        @Override
        public void connectionMade() {
            transportSeenInConnectionMade = transport;
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data:" + new String(data, StandardCharsets.UTF_8));
            transport.write(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            events.add("lost:" + reason.getClass().getSimpleName());
        }
    }

    @Test
    void makeConnectionSetsTheTransportBeforeConnectionMade() {
        StringTransport t = new StringTransport();
        Recorder p = new Recorder();
        p.makeConnection(t);
        assertSame(t, p.transportSeenInConnectionMade);
        assertSame(t, p.getTransport());
        assertTrue(p.isConnected());
        assertEquals(List.of("made"), p.events);
    }

    @Test
    void dataReceivedAndWritesGoThroughTheTransport() {
        StringTransport t = new StringTransport();
        Recorder p = new Recorder();
        p.makeConnection(t);
        p.dataReceived("ab".getBytes(StandardCharsets.UTF_8));
        p.dataReceived("cd".getBytes(StandardCharsets.UTF_8));
        assertEquals("abcd", t.valueString());
        assertEquals(List.of("made", "data:ab", "data:cd"), p.events);
    }

    @Test
    void connectionLostIsDeliveredOnceWhateverTheNumberOfReports() {
        Recorder p = new Recorder();
        p.makeConnection(new StringTransport());
        p.deliverConnectionLost(new ConnectionDoneException("closed"));
        p.deliverConnectionLost(new ConnectionLostException("reset"));
        assertEquals(List.of("made", "lost:ConnectionDoneException"), p.events);
        assertFalse(p.isConnected());
    }

    @Test
    void aProtocolCannotBeConnectedTwice() {
        Recorder p = new Recorder();
        p.makeConnection(new StringTransport());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.makeConnection(new StringTransport()));
        assertTrue(e.getMessage().contains("already connected"), e.getMessage());
    }

    @Test
    void cleanAndAbortedReasonsAreConnectionClosedKinds() {
        assertTrue(new ConnectionAbortedException("x") instanceof ConnectionLostException);
        assertTrue(new ConnectionDoneException("x") instanceof ConnectionClosedException);
        assertFalse((Object) new ConnectionDoneException("x") instanceof ConnectionLostException);
    }

    @Test
    void addressesConvertFromSocketAddresses() {
        assertEquals(new IPv4Address("127.0.0.1", 80),
                Address.of(new java.net.InetSocketAddress("127.0.0.1", 80)));
        assertEquals(new IPv6Address("0:0:0:0:0:0:0:1", 80),
                Address.of(new java.net.InetSocketAddress("::1", 80)));
        assertThrows(IllegalArgumentException.class, () -> new IPv4Address("h", 70000));
        assertThrows(IllegalArgumentException.class,
                () -> Address.of(java.net.InetSocketAddress.createUnresolved("example.invalid", 1)));
    }
}
