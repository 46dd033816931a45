package dev.deferred.net.tls;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import dev.deferred.net.endpoint.ClientEndpoint;
import dev.deferred.net.protocol.ConnectTimeoutException;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * A TLS client endpoint: another client endpoint (TCP, or a {@code HostnameEndpoint}) whose
 * connection speaks TLS (Twisted's {@code wrapClientTLS}). The endpoint string
 * {@code ssl:host=H:port=P} builds one (see {@code Endpoints.clientFromString}).
 *
 * <p>Unlike Twisted's, {@link #connect} fires only once the handshake has finished, so a server
 * whose certificate fails verification (untrusted, or not naming the host) fails the connect
 * with a {@link TlsCertificateException} rather than failing the protocol later. The protocol's
 * {@code connectionMade} still runs when the TCP connection is up (what it writes is sent after
 * the handshake), and a failed handshake also reaches its {@code connectionLost}.
 *
 * <pre>{@code
 * ClientEndpoint ep = new TlsClientEndpoint(new TCP4ClientEndpoint(tcp, "127.0.0.1", 8443),
 *         TlsOptions.client("localhost", Path.of("ca.pem")));
 * ep.connect(Factory.forProtocol(Greeter::new)).addCallback(p -> ((Greeter) p).greet());
 * }</pre>
 */
public final class TlsClientEndpoint implements ClientEndpoint {
    private final ClientEndpoint inner;
    private final TlsOptions options;
    /** Times the handshake; null for no handshake timeout. */
    private final ReactorTime clock;
    private final Duration handshakeTimeout;

    /**
     * TLS over {@code inner}.
     *
     * @param inner how to reach the server
     * @param options client options (trust and the host name to verify)
     * @throws IllegalArgumentException if {@code options} are a server's
     */
    public TlsClientEndpoint(ClientEndpoint inner, TlsOptions options) {
        this(inner, options, null, null);
    }

    /**
     * TLS over {@code inner}, failing the connect with a {@link ConnectTimeoutException} (and
     * aborting the connection) if the handshake has not finished {@code handshakeTimeout} after
     * the TCP connection was made: a server that accepts but never answers (a plain TCP service
     * waiting for its client to speak first) cannot hold the connect forever.
     *
     * <pre>{@code
     * new TlsClientEndpoint(new TCP4ClientEndpoint(tcp, "10.0.0.7", 443), options, reactor, Duration.ofSeconds(10))
     * }</pre>
     *
     * @param inner how to reach the server
     * @param options client options (trust and the host name to verify)
     * @param clock times the handshake, e.g. the reactor
     * @param handshakeTimeout how long the handshake may take; positive
     * @throws IllegalArgumentException if {@code options} are a server's or the timeout is not positive
     */
    public TlsClientEndpoint(ClientEndpoint inner, TlsOptions options, ReactorTime clock, Duration handshakeTimeout) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.options = Objects.requireNonNull(options, "options");
        if (!options.isClient()) {
            throw new IllegalArgumentException("a TLS client endpoint needs client options (TlsOptions.client(...)), got "
                    + options);
        }
        if ((clock == null) != (handshakeTimeout == null)) {
            throw new IllegalArgumentException("give both a clock and a handshake timeout, or neither");
        }
        if (handshakeTimeout != null && (handshakeTimeout.isNegative() || handshakeTimeout.isZero())) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
        this.clock = clock;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fires with the application's protocol after the handshake; fails with a
     * {@link TlsHandshakeException} (or {@link TlsCertificateException}) if it fails. Cancelling
     * during the handshake aborts the connection and fails with a
     * {@link ConnectingCancelledException}.
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        TlsProtocol[] layer = new TlsProtocol[1];
        DelayedCall[] timer = new DelayedCall[1];
        Deferred<Protocol> tcp = inner.connect(TlsProtocol.wrapFactory(factory, options));
        Deferred<Protocol> result = new Deferred<>(d -> {
            TlsProtocol tls = layer[0];
            cancel(timer[0]);
            if (tls == null) {
                tcp.cancel(); // still connecting: the inner endpoint stops and fails tcp, which fails us
            } else {
                d.errback(new ConnectingCancelledException(tls.getPeer()));
                tls.abortConnection();
            }
        });
        tcp.addCallbacks(p -> {
            TlsProtocol tls = (TlsProtocol) p;
            layer[0] = tls;
            if (clock != null && !tls.isHandshakeDone()) {
                timer[0] = clock.callLater(handshakeTimeout, () -> {
                    ConnectTimeoutException e = new ConnectTimeoutException("the TLS handshake with " + tls.getPeer()
                            + " did not finish within " + handshakeTimeout);
                    if (!result.isCalled()) {
                        result.errback(e);
                    }
                    tls.abortWith(e);
                });
            }
            tls.whenHandshakeDone().addCallbacks(session -> {
                cancel(timer[0]);
                if (!result.isCalled()) {
                    result.callback(tls.getWrappedProtocol());
                }
                return null;
            }, e -> {
                cancel(timer[0]);
                if (!result.isCalled()) {
                    result.errback(e);
                }
                return null;
            });
            return null;
        }, e -> {
            if (!result.isCalled()) {
                result.errback(e);
            }
            return null;
        });
        return result;
    }

    private static void cancel(DelayedCall timer) {
        if (timer != null && timer.active()) {
            timer.cancel();
        }
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
        return "TlsClientEndpoint[" + inner + ", " + options + "]";
    }
}
