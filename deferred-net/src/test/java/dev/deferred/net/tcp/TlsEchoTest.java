package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static dev.deferred.net.tcp.TlsTestFiles.cert;
import static dev.deferred.net.tcp.TlsTestFiles.esc;
import static dev.deferred.net.tcp.TlsTestFiles.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tls.TlsTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TLS over real loopback sockets: 10 MB echoes with Python's ssl module and with our own client. */
class TlsEchoTest {
    static final int TEN_MB = 10 * 1024 * 1024;

    /** An echo server protocol that reports its connectionLost reason. */
    static final class ServerEcho extends Protocol {
        final CompletableFuture<Throwable> lost;

        ServerEcho(CompletableFuture<Throwable> lost) {
            this.lost = lost;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    static int listenTls(LoopbackReactor lr, CompletableFuture<Throwable> serverLost, String extra) throws Exception {
        String desc = "ssl:0:interface=127.0.0.1:privateKey=" + esc(key()) + ":certKey=" + esc(cert()) + extra;
        ListeningPort port = lr.await(() -> Endpoints.serverFromString(lr.tcp, desc)
                .listen(Factory.forProtocol(() -> new ServerEcho(serverLost))));
        return ((IPAddress) port.getHost()).port();
    }

    @Test
    void tenMegabytesEchoWithPythonSslClient() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            int port = listenTls(lr, serverLost, "");
            Process py = new ProcessBuilder("python3", TlsTestFiles.file("echo_client.py").toString(),
                    String.valueOf(port), cert().toString(), String.valueOf(TEN_MB))
                    .redirectErrorStream(true).start();
            try {
                assertTrue(py.waitFor(LoopbackReactor.WAIT_SECONDS * 2, TimeUnit.SECONDS), "the python client hung");
                String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, py.exitValue(), out);
                assertTrue(out.startsWith("OK " + TEN_MB), out);
            } finally {
                py.destroyForcibly();
            }
            // Python closed with close_notify (unwrap): a clean close on our side.
            assertInstanceOf(ConnectionDoneException.class, get(serverLost));
        }
    }

    /** {@link ServerEcho} through the ByteBuffer API: bufferReceived, write(ByteBuffer...). */
    static final class BufferServerEcho extends Protocol implements dev.deferred.net.protocol.BufferReceiver {
        @Override
        public void bufferReceived(java.nio.ByteBuffer data) {
            // A heap buffer wrapping the decrypted array, then a direct one: both kinds through TLS.
            int half = data.remaining() / 2;
            java.nio.ByteBuffer first = data.duplicate().limit(data.position() + half);
            java.nio.ByteBuffer second = java.nio.ByteBuffer.allocateDirect(data.remaining() - half)
                    .put(data.position(data.position() + half)).flip();
            transport.write(first, second);
        }
    }

    @Test
    void aBufferReceiverEchoesThroughTlsWithPythonSslClient() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            String desc = "ssl:0:interface=127.0.0.1:privateKey=" + esc(key()) + ":certKey=" + esc(cert());
            ListeningPort listening = lr.await(() -> Endpoints.serverFromString(lr.tcp, desc)
                    .listen(Factory.forProtocol(BufferServerEcho::new)));
            int port = ((IPAddress) listening.getHost()).port();
            int size = 2 * 1024 * 1024;
            Process py = new ProcessBuilder("python3", TlsTestFiles.file("echo_client.py").toString(),
                    String.valueOf(port), cert().toString(), String.valueOf(size))
                    .redirectErrorStream(true).start();
            try {
                assertTrue(py.waitFor(LoopbackReactor.WAIT_SECONDS * 2, TimeUnit.SECONDS), "the python client hung");
                String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, py.exitValue(), out);
                assertTrue(out.startsWith("OK " + size), out);
            } finally {
                py.destroyForcibly();
            }
        }
    }

    @Test
    void tenMegabytesEchoWithOurClient() throws Exception {
        byte[] payload = new byte[TEN_MB];
        new Random(7).nextBytes(payload);
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            int port = listenTls(lr, serverLost, "");
            Collector c = new Collector(payload, payload.length);
            Collector got = lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(lr.tcp,
                    "ssl:host=127.0.0.1:port=" + port + ":trustRoots=" + esc(cert())), c));
            assertEquals(c, got);
            assertArrayEquals(payload, get(c.all));
            String proto = lr.call(() -> ((TlsTransport) c.getTransport()).getSession().getProtocol());
            assertTrue(proto.startsWith("TLS"), proto);
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            assertInstanceOf(ConnectionDoneException.class, get(c.lost));
            // Our loseConnection sent close_notify: the server saw a clean close, not a truncation.
            assertInstanceOf(ConnectionDoneException.class, get(serverLost));
        }
    }

    @Test
    void manySmallWritesOfOneTurnFromAReusedArrayArriveInOrder() throws Exception {
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            expected.writeBytes(String.format("msg %08d;", i).getBytes(UTF_8));
        }
        byte[] bytes = expected.toByteArray();
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int port = listenTls(lr, new CompletableFuture<>(), "");
            Collector c = new Collector(new byte[0], bytes.length);
            lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(lr.tcp,
                    "ssl:host=localhost:port=" + port + ":trustRoots=" + esc(cert())), c));
            lr.call(() -> {
                // After the handshake, in one turn: small writes are gathered into records at
                // the turn's end, so the transport must have copied each before we reuse the array.
                byte[] reused = new byte[13];
                for (int i = 0; i < 10_000; i++) {
                    System.arraycopy(bytes, i * 13, reused, 0, 13);
                    c.getTransport().write(reused);
                }
                return null;
            });
            assertArrayEquals(bytes, get(c.all));
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            get(c.lost);
        }
    }

    @Test
    void anRsaKeyInPkcs1FormServesTls() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Path rsaCert = TlsTestFiles.file("rsa-TEST-ONLY.cert.pem");
            String desc = "ssl:0:interface=127.0.0.1:privateKey=" + esc(TlsTestFiles.file("rsa-pkcs1-TEST-ONLY.key.pem"))
                    + ":certKey=" + esc(rsaCert);
            ListeningPort port = lr.await(() -> Endpoints.serverFromString(lr.tcp, desc)
                    .listen(Factory.forProtocol(() -> new ServerEcho(new CompletableFuture<>()))));
            int p = ((IPAddress) port.getHost()).port();
            Collector c = new Collector("rsa".getBytes(UTF_8), 3);
            lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(lr.tcp,
                    "ssl:host=localhost:port=" + p + ":trustRoots=" + esc(rsaCert)), c));
            assertArrayEquals("rsa".getBytes(UTF_8), get(c.all));
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            get(c.lost);
        }
    }

    @Test
    void alpnPicksTheServersPreferenceAmongTheClientsOffer() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            int port = listenTls(lr, serverLost, ":alpn=h2,http/1.1");
            Collector c = new Collector(new byte[0], 0);
            lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(lr.tcp,
                    "ssl:host=localhost:port=" + port + ":trustRoots=" + esc(cert()) + ":alpn=http/1.1,h2"), c));
            assertEquals("h2", lr.call(() -> ((TlsTransport) c.getTransport()).getNegotiatedProtocol()));
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            get(c.lost);
        }
    }

    @Test
    void writesBeforeTheHandshakeAreSentAfterItAndPeerAddressIsTheTcpOne() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int port = listenTls(lr, new CompletableFuture<>(), "");
            Collector c = new Collector("early".getBytes(UTF_8), 5);
            lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(lr.tcp,
                    "ssl:host=localhost:port=" + port + ":trustRoots=" + esc(cert())), c));
            assertArrayEquals("early".getBytes(UTF_8), get(c.all));
            Address peer = lr.call(() -> c.getTransport().getPeer());
            assertEquals(port, ((IPAddress) peer).port());
            lr.call(() -> {
                c.getTransport().abortConnection();
                return null;
            });
            get(c.lost);
        }
    }
}
