package dev.deferred.net.tls;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.ServerEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import java.util.Objects;

/**
 * A TLS server endpoint: another server endpoint (usually TCP) whose connections speak TLS
 * (Twisted's {@code SSL4ServerEndpoint}). The endpoint string {@code ssl:PORT:privateKey=KEY.pem:certKey=CERT.pem}
 * builds one (see {@code Endpoints.serverFromString}).
 *
 * <pre>{@code
 * ServerEndpoint ep = new TlsServerEndpoint(new TCP4ServerEndpoint(tcp, 8443, 50, "127.0.0.1"),
 *         TlsOptions.server(Path.of("key.pem"), Path.of("cert.pem")));
 * ep.listen(Factory.forProtocol(Echo::new));
 * }</pre>
 */
public final class TlsServerEndpoint implements ServerEndpoint {
    private final ServerEndpoint inner;
    private final TlsOptions options;

    /**
     * TLS over {@code inner}.
     *
     * @param inner where to listen
     * @param options server options
     * @throws IllegalArgumentException if {@code options} are a client's
     */
    public TlsServerEndpoint(ServerEndpoint inner, TlsOptions options) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.options = Objects.requireNonNull(options, "options");
        if (options.isClient()) {
            throw new IllegalArgumentException("a TLS server endpoint needs server options (TlsOptions.server(...)), got "
                    + options);
        }
    }

    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        return inner.listen(TlsProtocol.wrapFactory(Objects.requireNonNull(factory, "factory"), options));
    }

    /**
     * The TLS set-up.
     *
     * @return the options
     */
    public TlsOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "TlsServerEndpoint[" + inner + "]";
    }
}
