package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static dev.deferred.net.tcp.TlsTestFiles.cert;
import static dev.deferred.net.tcp.TlsTestFiles.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.Transport;
import dev.deferred.net.tls.StartTlsTransport;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsTransport;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** STARTTLS: a plain TCP conversation that switches to TLS in the middle, on both sides. */
class StartTlsTest {

    /** Server: plain until "STARTTLS\n", answers "GO\n" in the clear, then echoes over TLS. */
    static final class Server extends Protocol {
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final CompletableFuture<TlsTransport> tls = new CompletableFuture<>();
        private final ByteArrayOutputStream plain = new ByteArrayOutputStream();
        private final TlsOptions options;

        Server(TlsOptions options) {
            this.options = options;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (tls.isDone()) {
                transport.write(data); // now over TLS: same transport object
                return;
            }
            plain.writeBytes(data);
            if (plain.toString(UTF_8).equals("STARTTLS\n")) {
                transport.write("GO\n".getBytes(UTF_8)); // leaves in the clear, before the switch
                tls.complete(((StartTlsTransport) transport).startTLS(options));
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    /** Client: asks for STARTTLS, switches on "GO\n", then sends a secret and collects the echo. */
    static final class Client extends Protocol {
        final CompletableFuture<String> echoed = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        Transport before;
        TlsTransport tls;

        @Override
        public void connectionMade() {
            before = transport;
            transport.write("STARTTLS\n".getBytes(UTF_8));
        }

        @Override
        public void dataReceived(byte[] data) {
            got.writeBytes(data);
            if (tls == null) {
                if (got.toString(UTF_8).equals("GO\n")) {
                    got.reset();
                    tls = ((StartTlsTransport) transport).startTLS(TlsOptions.client("localhost", cert()));
                    transport.write("secret".getBytes(UTF_8)); // queued until the handshake is done
                }
                return;
            }
            if (got.size() >= 6) {
                echoed.complete(got.toString(UTF_8));
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    @Test
    void bothSidesSwitchToTlsMidStream() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Server server = new Server(TlsOptions.server(key(), cert()));
            ListeningPort port = lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1")
                    .listen(Factory.forProtocol(() -> server)));
            int p = ((IPAddress) port.getHost()).port();
            Client client = new Client();
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            assertEquals("secret", get(client.echoed));
            assertTrue(lr.call(() -> client.tls.isHandshakeDone()));
            assertTrue(lr.call(() -> client.tls.getSession().getProtocol()).startsWith("TLS"));
            assertSame(client.before, lr.call(client::getTransport), "the protocol keeps its transport object");
            TlsTransport serverTls = get(server.tls);
            assertTrue(lr.call(serverTls::isHandshakeDone));
            // A second startTLS is refused, naming the problem.
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> lr.call(
                    () -> ((StartTlsTransport) client.getTransport()).startTLS(TlsOptions.client("localhost", cert()))));
            assertTrue(twice.getMessage().contains("already started"), twice.getMessage());
            // loseConnection on the TCP transport now goes through TLS: close_notify, a clean close on both sides.
            lr.call(() -> {
                client.getTransport().loseConnection();
                return null;
            });
            assertInstanceOf(ConnectionDoneException.class, get(client.lost));
            assertInstanceOf(ConnectionDoneException.class, get(server.lost));
        }
    }
}
