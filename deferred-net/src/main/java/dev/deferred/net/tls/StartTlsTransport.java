package dev.deferred.net.tls;

import dev.deferred.net.protocol.Transport;

/**
 * A transport that can switch a live connection to TLS (Twisted's {@code ITLSTransport}), for
 * protocols that upgrade in the middle, such as SMTP's or IMAP's {@code STARTTLS}. TCP
 * connections ({@code TcpConnection}) are such transports.
 *
 * <pre>{@code
 * // the server has answered "220 go ahead": from now on, speak TLS
 * TlsTransport tls = ((StartTlsTransport) transport).startTLS(TlsOptions.client("mail.example.org"));
 * tls.whenHandshakeDone().addCallback(session -> { sendEhloAgain(); return null; });
 * }</pre>
 */
public interface StartTlsTransport extends Transport {

    /**
     * Starts TLS on this connection now: bytes already written go out in plain text first; every
     * byte written from now on, and every byte read after the ones already delivered, is TLS. The
     * protocol keeps this same transport object; its methods now go through the TLS layer (a
     * {@code loseConnection} sends {@code close_notify}, a failed handshake reaches
     * {@code connectionLost} as a {@link TlsHandshakeException}). The side (client or server) is
     * the options'.
     *
     * @param options the TLS set-up
     * @return the TLS layer, for its session and handshake outcome
     * @throws IllegalStateException if TLS was started already, or the connection is closing
     */
    TlsTransport startTLS(TlsOptions options);
}
