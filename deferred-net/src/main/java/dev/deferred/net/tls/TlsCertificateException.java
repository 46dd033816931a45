package dev.deferred.net.tls;

/**
 * The peer's certificate failed verification on this side: it does not chain to a trusted root,
 * it has expired, or it does not name the host we connected to (hostname verification). The
 * cause is the JDK's exception, whose own cause is usually a
 * {@link java.security.cert.CertificateException} with the details.
 */
public class TlsCertificateException extends TlsHandshakeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause the JDK's exception, or null
     */
    public TlsCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
