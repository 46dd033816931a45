package dev.deferred.net.tls;

/**
 * The TLS handshake failed, so no application byte was exchanged: no protocol version or cipher in
 * common, a peer that speaks plain TCP to a TLS port (or TLS to a plain port), a fatal alert from
 * the peer (for instance because it rejected our certificate), or the peer closing mid-handshake.
 * A certificate that fails our own verification is the subclass {@link TlsCertificateException}.
 */
public class TlsHandshakeException extends TlsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause the JDK's exception, or null
     */
    public TlsHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
