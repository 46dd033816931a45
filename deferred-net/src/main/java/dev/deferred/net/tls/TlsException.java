package dev.deferred.net.tls;

import dev.deferred.net.protocol.ConnectionLostException;

/**
 * A TLS connection failed: the reason a protocol over TLS gets in {@code connectionLost} when the
 * TLS layer (not the socket) ended the connection, e.g. a corrupt record or a fatal alert from the
 * peer after the handshake. The cause is the JDK's {@link javax.net.ssl.SSLException}.
 * {@link TlsHandshakeException} and {@link TlsCertificateException} narrow it down.
 */
public class TlsException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause the JDK's exception, or null
     */
    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
