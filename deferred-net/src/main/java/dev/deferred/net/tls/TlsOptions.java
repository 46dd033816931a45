package dev.deferred.net.tls;

import dev.deferred.net.protocol.Address;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one side of a TLS connection is set up (Twisted's {@code CertificateOptions} /
 * {@code optionsForClientTLS}): the {@link SSLContext}, whether this side is the client or the
 * server, for a client the host name the server's certificate must name, and the ALPN protocols
 * to offer. Immutable; one instance serves any number of connections.
 *
 * <pre>{@code
 * TlsOptions server = TlsOptions.server(Path.of("key.pem"), Path.of("cert.pem"));
 * TlsOptions client = TlsOptions.client("example.org");                  // the JDK's trust store
 * TlsOptions pinned = TlsOptions.client("localhost", Path.of("ca.pem"))  // trust only ca.pem
 *         .withAlpn("h2", "http/1.1");
 * }</pre>
 *
 * <p>A client verifies the server's certificate chain and that it names {@code hostname} (a DNS
 * name or an IP address); both are always on. A server does not ask for client certificates.
 */
public final class TlsOptions {
    private final SSLContext context;
    private final boolean client;
    /** For a client: the name the server's certificate must carry (and the SNI name); null for a server. */
    private final String hostname;
    private final List<String> alpn;

    private TlsOptions(SSLContext context, boolean client, String hostname, List<String> alpn) {
        this.context = context;
        this.client = client;
        this.hostname = hostname;
        this.alpn = alpn;
    }

    /**
     * A server with the private key and certificate chain of PEM files (the leaf first, then any
     * intermediates; {@code extraCertChain} files are appended, as Twisted's
     * {@code extraCertChain}).
     *
     * @param privateKey a PEM private key (PKCS#8, or PKCS#1 RSA)
     * @param certificate a PEM file whose first certificate is the server's
     * @param extraCertChain more PEM files of intermediate certificates
     * @return the options
     * @throws IllegalArgumentException if a file is missing or unreadable, or the key does not match
     *     the certificate
     */
    public static TlsOptions server(Path privateKey, Path certificate, Path... extraCertChain) {
        PrivateKey key = Pem.readPrivateKey(privateKey);
        List<X509Certificate> chain = new ArrayList<>(Pem.readCertificates(certificate));
        for (Path extra : extraCertChain) {
            chain.addAll(Pem.readCertificates(extra));
        }
        Pem.checkKeyMatches(key, chain.get(0), privateKey.toString());
        return server(key, chain);
    }

    /**
     * A server with an in-memory key and chain.
     *
     * @param key the private key
     * @param chain the certificate chain, leaf first
     * @return the options
     * @throws IllegalArgumentException if the chain is empty
     */
    public static TlsOptions server(PrivateKey key, List<X509Certificate> chain) {
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty; give at least the server's certificate");
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {new PemKeyManager(key, List.copyOf(chain))}, null, null);
            return new TlsOptions(ctx, false, null, List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key and certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server with a ready {@link SSLContext} (key managers set up by the caller).
     *
     * @param context the context
     * @return the options
     */
    public static TlsOptions server(SSLContext context) {
        return new TlsOptions(Objects.requireNonNull(context, "context"), false, null, List.of());
    }

    /**
     * A client that trusts the JDK's default trust store and requires the server's certificate to
     * name {@code hostname}.
     *
     * @param hostname the server's DNS name or IP address
     * @return the options
     */
    public static TlsOptions client(String hostname) {
        try {
            return client(hostname, SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A client that trusts only the certificates of {@code trustRoots} (a PEM file, or a directory
     * of them as Twisted's {@code caCertsDir}) and requires the server's certificate to name
     * {@code hostname}.
     *
     * @param hostname the server's DNS name or IP address
     * @param trustRoots a PEM file or directory of certificates to trust
     * @return the options
     * @throws IllegalArgumentException if no certificate can be read from {@code trustRoots}
     */
    public static TlsOptions client(String hostname, Path trustRoots) {
        List<X509Certificate> roots = Pem.readTrustRoots(trustRoots);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : roots) {
                ks.setCertificateEntry("root-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return client(hostname, ctx);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot trust the certificates of " + trustRoots + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client with a ready {@link SSLContext}; hostname verification stays on.
     *
     * @param hostname the server's DNS name or IP address
     * @param context the context
     * @return the options
     */
    public static TlsOptions client(String hostname, SSLContext context) {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isEmpty()) {
            throw new IllegalArgumentException("hostname is empty; give the name the server's certificate carries");
        }
        return new TlsOptions(Objects.requireNonNull(context, "context"), true, hostname, List.of());
    }

    /**
     * The same options offering (client) or accepting (server) these ALPN protocols, most preferred
     * first. A server picks the first of its own list the client offers; if none is common the
     * handshake fails (the JDK's behaviour, unlike OpenSSL's which goes on without ALPN).
     *
     * @param protocols protocol names such as {@code "h2"}, {@code "http/1.1"}
     * @return new options
     * @throws IllegalArgumentException if a name is empty
     */
    public TlsOptions withAlpn(String... protocols) {
        List<String> list = List.of(protocols);
        for (String p : list) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("an ALPN protocol name is empty");
            }
        }
        return new TlsOptions(context, client, hostname, list);
    }

    /**
     * Whether this is the client side.
     *
     * @return true for a client
     */
    public boolean isClient() {
        return client;
    }

    /**
     * The name a client requires the server's certificate to carry; null for a server.
     *
     * @return the host name
     */
    public String hostname() {
        return hostname;
    }

    /**
     * The ALPN protocols offered or accepted, most preferred first; empty for none.
     *
     * @return the protocols
     */
    public List<String> alpnProtocols() {
        return alpn;
    }

    /** A new engine for one connection to or from {@code peer}. */
    SSLEngine newEngine(Address peer) {
        SSLEngine engine;
        if (client) {
            int port = peer instanceof dev.deferred.net.protocol.IPAddress ip ? ip.port() : -1;
            engine = context.createSSLEngine(hostname, port);
            engine.setUseClientMode(true);
        } else {
            engine = context.createSSLEngine();
            engine.setUseClientMode(false);
        }
        SSLParameters params = engine.getSSLParameters();
        if (client) {
            params.setEndpointIdentificationAlgorithm("HTTPS"); // hostname verification: always on
            if (!Address.isNumeric(hostname)) {
                params.setServerNames(List.of(new SNIHostName(hostname)));
            }
        }
        if (!alpn.isEmpty()) {
            params.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    @Override
    public String toString() {
        return "TlsOptions[" + (client ? "client for " + hostname : "server") + (alpn.isEmpty() ? "" : ", alpn=" + alpn) + "]";
    }
}
