package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static dev.deferred.net.tcp.TlsTestFiles.cert;
import static dev.deferred.net.tcp.TlsTestFiles.esc;
import static dev.deferred.net.tcp.TlsTestFiles.wrongHostCert;
import static dev.deferred.net.tcp.TlsTestFiles.wrongHostKey;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.tls.TlsCertificateException;
import dev.deferred.net.tls.TlsClientEndpoint;
import dev.deferred.net.tls.TlsHandshakeException;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsServerEndpoint;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** TLS failures over real loopback sockets: each a clear type, and the connection closed on both sides. */
class TlsFailureTest {

    private static int listen(LoopbackReactor lr, TlsOptions options, CompletableFuture<Throwable> serverLost)
            throws Exception {
        ListeningPort port = lr.await(() -> new TlsServerEndpoint(new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1"),
                options).listen(Factory.forProtocol(() -> new TlsEchoTest.ServerEcho(serverLost))));
        return ((IPAddress) port.getHost()).port();
    }

    private static Throwable connectFails(LoopbackReactor lr, int port, String host, TlsOptions options, Collector c)
            throws Exception {
        CompletableFuture<Object> f = new CompletableFuture<>();
        lr.reactor.callFromThread(() -> Endpoints.connectProtocol(
                new TlsClientEndpoint(new TCP4ClientEndpoint(lr.tcp, host, port), options), c).addBoth(r -> {
                    if (r.isSuccess()) {
                        f.complete(r.get());
                    } else {
                        f.completeExceptionally(r.getCause());
                    }
                    return null;
                }));
        return LoopbackReactor.failure(f);
    }

    @Test
    void hostnameMismatchIsRejectedWithACertificateException() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            // The server's certificate names wrong.example only; the client trusts it but connects to 127.0.0.1.
            int port = listen(lr, TlsOptions.server(wrongHostKey(), wrongHostCert()), serverLost);
            Collector c = new Collector("secret".getBytes(UTF_8), 1);
            Throwable e = connectFails(lr, port, "127.0.0.1", TlsOptions.client("127.0.0.1", wrongHostCert()), c);
            assertInstanceOf(TlsCertificateException.class, e);
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            // The protocol heard the same reason and nothing was sent in the clear to it.
            assertInstanceOf(TlsCertificateException.class, get(c.lost));
            assertEquals(0, c.received.size());
            // The server was told by our alert and closed too.
            assertInstanceOf(TlsHandshakeException.class, get(serverLost));
        }
    }

    @Test
    void theSameCertificateIsAcceptedForTheNameItCarries() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int port = listen(lr, TlsOptions.server(wrongHostKey(), wrongHostCert()), new CompletableFuture<>());
            // Control for the test above: only the name differs. (wrong.example is not resolved:
            // we connect to 127.0.0.1 and verify against the name we give.)
            Collector c = new Collector("x".getBytes(UTF_8), 1);
            lr.await(() -> Endpoints.connectProtocol(new TlsClientEndpoint(
                    new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", port), TlsOptions.client("wrong.example", wrongHostCert())), c));
            get(c.all);
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            get(c.lost);
        }
    }

    @Test
    void anUntrustedCertificateFailsAgainstTheJdkTrustStore() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            int port = listen(lr, TlsOptions.server(TlsTestFiles.key(), cert()), serverLost);
            Throwable e = connectFails(lr, port, "localhost", TlsOptions.client("localhost"), new Collector(new byte[0], 1));
            assertInstanceOf(TlsCertificateException.class, e);
            assertInstanceOf(TlsHandshakeException.class, get(serverLost));
        }
    }

    @Test
    void aPlainTcpPeerOnATlsPortFailsTheHandshakeOnTheServer() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            int port = listen(lr, TlsOptions.server(TlsTestFiles.key(), cert()), serverLost);
            Collector plain = new Collector("GET / HTTP/1.0\r\n\r\n".getBytes(UTF_8), Integer.MAX_VALUE);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", port), plain));
            Throwable e = get(serverLost);
            assertInstanceOf(TlsHandshakeException.class, e);
            assertTrue(e.getMessage().contains("does not speak TLS"), e.getMessage());
            get(plain.lost); // and the server closed the socket
        }
    }

    @Test
    void aTlsClientTalkingToAPlainTcpServerFailsTheHandshake() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort echo = lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1")
                    .listen(Factory.forProtocol(Echo::new)));
            int port = ((IPAddress) echo.getHost()).port();
            Collector c = new Collector(new byte[0], 1);
            Throwable e = connectFails(lr, port, "localhost", TlsOptions.client("localhost", cert()), c);
            assertInstanceOf(TlsHandshakeException.class, e);
            assertInstanceOf(TlsHandshakeException.class, get(c.lost));
        }
    }

    @Test
    void aServerThatClosesBeforeTheHandshakeIsAHandshakeFailureNotACleanClose() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort closer = lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1")
                    .listen(Factory.forProtocol(() -> new dev.deferred.net.protocol.Protocol() {
                        @Override
                        public void connectionMade() {
                            transport.loseConnection();
                        }
                    })));
            int port = ((IPAddress) closer.getHost()).port();
            Collector c = new Collector(new byte[0], 1);
            Throwable e = connectFails(lr, port, "localhost", TlsOptions.client("localhost", cert()), c);
            assertInstanceOf(TlsHandshakeException.class, e);
            assertInstanceOf(ConnectionLostException.class, get(c.lost));
            assertFalse(lr.call(() -> c.isConnected()));
        }
    }

    @Test
    void optionsOfTheWrongSideAreRefused() {
        TlsOptions client = TlsOptions.client("localhost", cert());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TlsServerEndpoint(new TCP4ServerEndpoint(new dev.deferred.net.testing.MemoryReactor(), 0), client));
        assertTrue(e.getMessage().contains("server options"), e.getMessage());
    }
}
