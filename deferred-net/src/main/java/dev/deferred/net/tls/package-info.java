/**
 * TLS on the reactor with the JDK's {@link javax.net.ssl.SSLEngine}: a protocol wrapper
 * ({@link dev.deferred.net.tls.TlsProtocol}, Twisted's {@code TLSMemoryBIOProtocol}) that
 * gives the application protocol plain bytes over an encrypted TCP connection, the options
 * ({@link dev.deferred.net.tls.TlsOptions}) built from PEM files
 * ({@link dev.deferred.net.tls.Pem}), server and client endpoints, and {@code startTLS} on a
 * live connection ({@link dev.deferred.net.tls.StartTlsTransport}).
 *
 * <pre>{@code
 * ServerEndpoint server = Endpoints.serverFromString(tcp, "ssl:8443:privateKey=key.pem:certKey=cert.pem");
 * ClientEndpoint client = Endpoints.clientFromString(tcp, "ssl:host=localhost:port=8443:trustRoots=ca.pem");
 * }</pre>
 */
package dev.deferred.net.tls;
