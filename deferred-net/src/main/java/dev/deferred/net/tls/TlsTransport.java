package dev.deferred.net.tls;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Transport;
import javax.net.ssl.SSLSession;

/**
 * A transport whose bytes travel over TLS (Twisted's {@code ISSLTransport} plus
 * {@code IHandshakeListener}): what a protocol connected through a TLS endpoint finds in its
 * {@code transport} field, and what {@link StartTlsTransport#startTLS} returns.
 *
 * <p>Writes made before the handshake has finished are kept and sent once it has.
 * {@link #loseConnection()} sends everything written, then a TLS {@code close_notify}, then
 * closes the TCP connection. TLS has no half-close: {@link #loseWriteConnection()} throws.
 *
 * <pre>{@code
 * ((TlsTransport) transport).whenHandshakeDone()
 *         .addCallback(session -> { log.info("TLS {} {}", session.getProtocol(), session.getCipherSuite()); return null; });
 * }</pre>
 */
public interface TlsTransport extends Transport {

    /**
     * Fires with the session once the handshake has finished (at once if it has), or fails with
     * why it did not: a {@link TlsHandshakeException} (a {@link TlsCertificateException} when the
     * peer's certificate failed verification) or the connection's loss. Each call returns a new
     * Deferred.
     *
     * @return the handshake's outcome
     */
    Deferred<SSLSession> whenHandshakeDone();

    /**
     * Whether the handshake has finished.
     *
     * @return true once application data can flow
     */
    boolean isHandshakeDone();

    /**
     * The TLS session; before the handshake has finished, the one being negotiated.
     *
     * @return the session
     */
    SSLSession getSession();

    /**
     * The ALPN protocol both sides agreed on.
     *
     * @return the protocol, or null if none was negotiated (or the handshake has not finished)
     */
    String getNegotiatedProtocol();
}
