package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.TlsTestFiles.cert;
import static dev.deferred.net.tcp.TlsTestFiles.esc;
import static dev.deferred.net.tcp.TlsTestFiles.file;
import static dev.deferred.net.tcp.TlsTestFiles.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.testing.MemoryReactor;
import dev.deferred.net.testing.StringTransport;
import dev.deferred.net.tls.Pem;
import dev.deferred.net.tls.TlsFactory;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsProtocol;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;

/** Bad TLS input fails at the call that received it, naming what is wrong; and MemoryReactor records TLS. */
class TlsBadInputTest {
    private final MemoryReactor mem = new MemoryReactor();

    private IllegalArgumentException badServer(String params) {
        return assertThrows(IllegalArgumentException.class, () -> Endpoints.serverFromString(mem, "ssl:0" + params));
    }

    @Test
    void missingKeyFileIsNamed() {
        IllegalArgumentException e = badServer(":privateKey=/nonexistent/k.pem:certKey=" + esc(cert()));
        assertTrue(e.getMessage().contains("/nonexistent/k.pem") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void missingPrivateKeyParameterIsNamed() {
        assertTrue(badServer(":certKey=" + esc(cert())).getMessage().contains("privateKey="));
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() {
        IllegalArgumentException e = badServer(":privateKey=" + esc(TlsTestFiles.wrongHostKey()) + ":certKey=" + esc(cert()));
        assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
        assertTrue(mem.getTcpServers().isEmpty(), "nothing was opened");
    }

    @Test
    void aFileWithoutACertificateIsNamed() {
        IllegalArgumentException e = badServer(":privateKey=" + esc(key()) + ":certKey=" + esc(key()));
        assertTrue(e.getMessage().contains("holds no \"-----BEGIN CERTIFICATE-----\""), e.getMessage());
    }

    @Test
    void unknownParameterIsNamed() {
        IllegalArgumentException e = badServer(":privateKey=" + esc(key()) + ":certKey=" + esc(cert()) + ":sslmethod=TLSv1");
        assertTrue(e.getMessage().contains("unknown parameter \"sslmethod\""), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Endpoints.clientFromString(mem, "ssl:host=h:port=1:privateKey=x"));
        assertTrue(c.getMessage().contains("unknown parameter \"privateKey\""), c.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> Endpoints.clientFromString(mem,
                "ssl:host=h:port=1:trustRoots=" + esc(cert()) + ":caCertsDir=" + esc(cert().getParent())));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void aSec1EcKeyIsRefusedWithTheConversionCommand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(file("sec1-ec-TEST-ONLY.key.pem")));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void aPkcs1RsaKeyLoadsAndMatchesItsCertificate() {
        PrivateKey k = Pem.readPrivateKey(file("rsa-pkcs1-TEST-ONLY.key.pem"));
        assertEquals("RSA", k.getAlgorithm());
        Pem.checkKeyMatches(k, Pem.readCertificates(file("rsa-TEST-ONLY.cert.pem")).get(0), "rsa key");
        assertFalse(TlsOptions.server(file("rsa-pkcs1-TEST-ONLY.key.pem"), file("rsa-TEST-ONLY.cert.pem")).isClient());
    }

    @Test
    void aCaDirectoryIsReadForTrustRoots() {
        Path dir = cert().getParent();
        assertTrue(Pem.readTrustRoots(dir).size() >= 3, "every .pem certificate of the directory");
        assertTrue(TlsOptions.client("localhost", dir).isClient());
    }

    @Test
    void memoryReactorRecordsATlsListenWithItsOptionsAndFactory() {
        Factory app = Factory.forProtocol(() -> new Protocol() { });
        Endpoints.serverFromString(mem, "ssl:8443:interface=127.0.0.1:privateKey=" + esc(key()) + ":certKey=" + esc(cert()))
                .listen(app);
        MemoryReactor.TcpServer s = mem.getTcpServers().get(0);
        assertEquals(8443, s.port());
        assertEquals("127.0.0.1", s.iface());
        TlsFactory tls = assertInstanceOf(TlsFactory.class, s.factory());
        assertSame(app, tls.wrappedFactory());
        assertFalse(tls.options().isClient());
    }

    @Test
    void memoryReactorRecordsATlsConnectThatSpeaksTls() {
        Deferred<Protocol> d = Endpoints.clientFromString(mem, "ssl:host=example.com:port=443:trustRoots=" + esc(cert()))
                .connect(Factory.forProtocol(() -> new Protocol() { }));
        MemoryReactor.TcpClient c = mem.getTcpClients().get(0);
        assertEquals("example.com", c.host());
        assertEquals(443, c.port());
        StringTransport t = new StringTransport();
        Protocol p = c.factory().buildProtocol(new IPv4Address("93.184.216.34", 443));
        p.makeConnection(t);
        byte[] hello = t.value();
        assertTrue(hello.length > 5, "a ClientHello was written");
        assertEquals(0x16, hello[0], "a TLS handshake record");
        assertFalse(d.isCalled(), "the connect waits for the handshake");
        d.cancel(); // aborts the half-made connection
        assertTrue(d.isCalled());
        assertTrue(t.isAborting(), "cancelling aborted the transport");
    }

    /** Connects the recorded TLS client attempt to a StringTransport; returns the protocol built. */
    private Protocol connectRecorded(StringTransport t) {
        MemoryReactor.TcpClient c = mem.getTcpClients().get(0);
        Protocol p = c.factory().buildProtocol(new IPv4Address("127.0.0.1", 443));
        p.makeConnection(t);
        return p;
    }

    @Test
    void aHandshakeThatNeverFinishesTimesOutAndAborts() {
        Deferred<Protocol> d = Endpoints.clientFromString(mem, "ssl:host=localhost:port=443:timeout=5:trustRoots=" + esc(cert()))
                .connect(Factory.forProtocol(() -> new Protocol() { }));
        StringTransport t = new StringTransport();
        connectRecorded(t); // TCP is up; the server never answers the ClientHello
        mem.advance(java.time.Duration.ofMillis(4999));
        assertFalse(d.isCalled());
        mem.advance(java.time.Duration.ofMillis(1));
        Throwable e = failureOf(d);
        assertInstanceOf(dev.deferred.net.protocol.ConnectTimeoutException.class, e);
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        assertTrue(t.isAborting(), "the connection was aborted");
        assertTrue(mem.getClock().getDelayedCalls().isEmpty());
    }

    @Test
    void aFinishedHandshakeCancelsTheTimeoutWithoutSockets() {
        Protocol app = new Protocol() { };
        Deferred<Protocol> d = Endpoints.clientFromString(mem, "ssl:host=localhost:port=443:timeout=5:trustRoots=" + esc(cert()))
                .connect(Factory.forProtocol(() -> app));
        StringTransport clientSide = new StringTransport();
        Protocol client = connectRecorded(clientSide);
        // A server TLS layer on another StringTransport; carry the bytes both ways until quiet.
        StringTransport serverSide = new StringTransport();
        TlsProtocol server = new TlsProtocol(TlsOptions.server(key(), cert()), new Protocol() { });
        server.makeConnection(serverSide);
        for (int i = 0; i < 20; i++) {
            byte[] up = clientSide.value();
            clientSide.clear();
            if (up.length > 0) {
                server.dataReceived(up);
            }
            byte[] down = serverSide.value();
            serverSide.clear();
            if (down.length > 0) {
                client.dataReceived(down);
            }
            if (up.length == 0 && down.length == 0) {
                break;
            }
        }
        assertTrue(d.isCalled(), "the handshake finished in memory");
        assertSame(app, successOf(d));
        assertTrue(mem.getClock().getDelayedCalls().isEmpty(), "the handshake timeout was cancelled");
        assertFalse(clientSide.isAborting());
    }

    private static <T> T successOf(Deferred<T> d) {
        java.util.concurrent.atomic.AtomicReference<io.vavr.control.Try<T>> r = new java.util.concurrent.atomic.AtomicReference<>();
        d.addBoth(t -> {
            r.set(t);
            return null;
        });
        return r.get().get();
    }

    private static Throwable failureOf(Deferred<?> d) {
        java.util.concurrent.atomic.AtomicReference<Throwable> r = new java.util.concurrent.atomic.AtomicReference<>();
        d.addBoth(t -> {
            r.set(t.isFailure() ? t.getCause() : null);
            return null;
        });
        return r.get();
    }

    @Test
    void theTlsLayerIsAProtocolAndATransport() {
        TlsProtocol layer = new TlsProtocol(TlsOptions.client("localhost", cert()), new Protocol() { });
        assertInstanceOf(dev.deferred.net.protocol.Transport.class, layer);
    }
}
