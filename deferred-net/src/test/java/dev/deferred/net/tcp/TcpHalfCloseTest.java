package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.HalfCloseableProtocol;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Closing one direction of a TCP connection while the other goes on. */
class TcpHalfCloseTest {

    /** Reads a whole request until end of input, then answers in upper case and closes. */
    static final class UpperServer extends Protocol implements HalfCloseableProtocol {
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        @Override
        public void dataReceived(byte[] data) {
            request.writeBytes(data);
        }

        @Override
        public void readConnectionLost() {
            events.add("readConnectionLost");
            transport.write(request.toString(UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8));
            transport.loseConnection();
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeConnectionLost");
        }

        @Override
        public void connectionLost(Throwable reason) {
            events.add("connectionLost");
            lost.complete(reason);
        }
    }

    /** Sends its request, half-closes, and reads the answer. */
    static final class HalfClosingClient extends Collector implements HalfCloseableProtocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        HalfClosingClient(byte[] request) {
            super(request, Integer.MAX_VALUE);
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport.loseWriteConnection();
            transport.write("dropped".getBytes(UTF_8)); // after the half-close: not sent
        }

        @Override
        public void readConnectionLost() {
            events.add("readConnectionLost");
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeConnectionLost");
        }

        @Override
        public void connectionLost(Throwable reason) {
            events.add("connectionLost");
            super.connectionLost(reason);
        }
    }

    @Test
    void aRequestEndedByHalfCloseGetsItsAnswer() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UpperServer server = new UpperServer();
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1"))
                    .getHost()).port();
            HalfClosingClient client = new HalfClosingClient("hello, server".getBytes(UTF_8));
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            assertInstanceOf(ConnectionDoneException.class, get(client.lost));
            assertEquals("HELLO, SERVER", client.received.toString(UTF_8));
            assertEquals(List.of("writeConnectionLost", "readConnectionLost", "connectionLost"), client.events);
            assertInstanceOf(ConnectionDoneException.class, get(server.lost));
            assertEquals(List.of("readConnectionLost", "connectionLost"), server.events);
        }
    }

    @Test
    void aProtocolThatIsNotHalfCloseableTreatsEndOfInputAsAClose() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionLost(Throwable reason) {
                    serverLost.complete(reason);
                }
            }), 50, "127.0.0.1")).getHost()).port();
            HalfClosingClient client = new HalfClosingClient("x".getBytes(UTF_8));
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            assertInstanceOf(ConnectionDoneException.class, get(serverLost));
            assertInstanceOf(ConnectionDoneException.class, get(client.lost));
        }
    }
}
