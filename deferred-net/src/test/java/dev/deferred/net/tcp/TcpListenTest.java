package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.reactor.SelectReactor;
import dev.deferred.testsupport.LogCapture;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listening ports on a SelectReactor: binding, factory start/stop, refused and failing protocols. */
class TcpListenTest {

    static final class Counting extends Factory {
        final List<String> events = new ArrayList<>();
        final AtomicInteger built = new AtomicInteger();

        @Override
        public Protocol buildProtocol(Address address) {
            int n = built.incrementAndGet();
            if (n == 1) {
                return null; // refuse the first connection
            }
            if (n == 2) {
                throw new IllegalStateException("factory bug on connection 2");
            }
            Protocol p = new Echo();
            p.setFactory(this);
            return p;
        }

        @Override
        protected void startFactory() {
            events.add("start");
        }

        @Override
        protected void stopFactory() {
            events.add("stop");
        }
    }

    @Test
    void aPortInUseFailsTheDeferredWithAClearError() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Factory f = Factory.forProtocol(Echo::new);
            ListeningPort first = lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1").listen(f));
            int p = ((IPAddress) first.getHost()).port();
            Exception e = assertThrows(CannotListenException.class,
                    () -> lr.await(() -> new TCP4ServerEndpoint(lr.tcp, p, 50, "127.0.0.1").listen(f)));
            assertTrue(e.getMessage().contains("127.0.0.1 port " + p), e.getMessage());
            assertEquals(1, lr.call(f::getNumPorts), "the failed listen did not start the factory");
        }
    }

    @Test
    void theFactoryStartsWithTheFirstPortAndStopsWithTheLast() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Counting f = new Counting();
            ListeningPort a = lr.call(() -> lr.tcp.listenTCP(0, f, 50, "127.0.0.1"));
            ListeningPort b = lr.call(() -> lr.tcp.listenTCP(0, f, 50, "127.0.0.1"));
            assertEquals(List.of("start"), lr.call(() -> List.copyOf(f.events)));
            lr.await(a::stopListening);
            assertEquals(List.of("start"), lr.call(() -> List.copyOf(f.events)));
            lr.await(b::stopListening);
            lr.await(b::stopListening); // a second stop is a no-op
            assertEquals(List.of("start", "stop"), lr.call(() -> List.copyOf(f.events)));
        }
    }

    @Test
    void refusedAndFailedProtocolsCloseTheirConnectionAndTheServerGoesOn() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Counting f = new Counting();
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, f, 50, "127.0.0.1")).getHost()).port();
            for (int i = 0; i < 2; i++) {
                // A plain blocking socket: the server may close before or after our handshake ends.
                try (Socket refused = new Socket("127.0.0.1", p)) {
                    refused.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopbackReactor.WAIT_SECONDS));
                    int read;
                    try {
                        refused.getOutputStream().write('x');
                        read = refused.getInputStream().read();
                    } catch (SocketException reset) {
                        read = -1; // closed with a reset: also closed
                    }
                    assertEquals(-1, read, "connection " + i + " was closed without an answer");
                }
            }
            Collector served = new Collector("ok".getBytes(UTF_8), 2);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), served));
            assertArrayEquals("ok".getBytes(UTF_8), get(served.all));
            assertEquals(3, f.built.get());
        }
    }

    @Test
    void listeningFromAnotherThreadWhileTheReactorRunsIsRefusedClearly() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            lr.call(() -> null); // the reactor is running now
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            assertTrue(e.getMessage().contains("callFromThread"), e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingIsOpened() {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Factory f = Factory.forProtocol(Echo::new);
            assertThrows(IllegalArgumentException.class, () -> lr.tcp.listenTCP(70000, f, 50, "127.0.0.1"));
            assertThrows(IllegalArgumentException.class, () -> lr.tcp.listenTCP(0, f, 0, "127.0.0.1"));
            assertEquals(0, f.getNumPorts());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Issue 18 item 5: a port opened and closed before run() leaves nothing for the loop to trip on. */
    @Test
    void aPortClosedBeforeTheReactorRunsIsNotWatchedWhenItStarts() throws Exception {
        try (LogCapture logs = LogCapture.all()) {
            SelectReactor reactor = new SelectReactor();
            TcpReactor tcp = new TcpReactor(reactor);
            ListeningPort port = tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
            assertTrue(port.stopListening().isCalled());
            Thread loop = new Thread(reactor::run, "test-reactor");
            loop.setDaemon(true);
            loop.start();
            // Calls run in order: the registrations handed over before run() have run by now.
            reactor.blockingCallFromThread(() -> null);
            assertEquals(Set.of(), reactor.blockingCallFromThread(reactor::getReaders));
            reactor.callFromThread(reactor::stop);
            loop.join(TimeUnit.SECONDS.toMillis(LoopbackReactor.WAIT_SECONDS));
            assertTrue(!loop.isAlive(), "the reactor did not stop");
            assertEquals(List.of(), logs.atLeast(Level.ERROR), logs.text());
        }
    }

    /**
     * Issue 18 item 12: listenTCP answers at once, so an interface name (which would be looked up
     * on the reactor thread, for seconds with a slow resolver) and a malformed number are refused
     * before anything is opened, instead of being looked up.
     */
    @Test
    void anInterfaceNameOrAMalformedAddressIsRefusedWithoutALookup() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Factory f = Factory.forProtocol(Echo::new);
            IllegalArgumentException name = lr.call(() -> assertThrows(IllegalArgumentException.class,
                    () -> lr.tcp.listenTCP(0, f, 50, "no-such-host.invalid")));
            assertTrue(name.getMessage().contains("\"no-such-host.invalid\" is a host name")
                    && name.getMessage().contains("not looked up"), name.getMessage());
            IllegalArgumentException number = lr.call(() -> assertThrows(IllegalArgumentException.class,
                    () -> lr.tcp.listenTCP(0, f, 50, "999.1.1.1")));
            assertTrue(number.getMessage().contains("\"999.1.1.1\" is not a valid IPv4 address"), number.getMessage());
            IllegalArgumentException viaEndpoint = assertThrows(IllegalArgumentException.class,
                    () -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "localhost"));
            assertTrue(viaEndpoint.getMessage().contains("\"localhost\" is a host name"), viaEndpoint.getMessage());
            assertEquals(0, f.getNumPorts());
            // numeric addresses still listen
            ListeningPort p = lr.call(() -> lr.tcp.listenTCP(0, f, 50, "127.0.0.1"));
            assertEquals("127.0.0.1", ((IPAddress) p.getHost()).host());
            lr.call(p::stopListening);
        }
    }
}
