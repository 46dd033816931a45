package dev.deferred.net.tls;

import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import java.util.Objects;

/**
 * A factory that wraps each protocol of another factory in a {@link TlsProtocol} (Twisted's
 * {@code TLSMemoryBIOFactory}): listen or connect with it over plain TCP and the application
 * protocols speak TLS. Its start and stop are the wrapped factory's. A test with a
 * {@code MemoryReactor} finds it as the factory of the recorded {@code listenTCP}/{@code connectTCP}
 * call and reads {@link #options()} and {@link #wrappedFactory()}.
 *
 * <pre>{@code
 * tcp.listenTCP(8443, TlsProtocol.wrapFactory(Factory.forProtocol(Echo::new), serverOptions), 50, "");
 * }</pre>
 */
public final class TlsFactory extends Factory {
    private final Factory wrapped;
    private final TlsOptions options;

    TlsFactory(Factory wrapped, TlsOptions options) {
        this.wrapped = Objects.requireNonNull(wrapped, "factory");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Builds the application's protocol with the wrapped factory and wraps it in TLS.
     *
     * @param address the peer's address
     * @return the TLS layer, or null if the wrapped factory refused the connection
     */
    @Override
    public Protocol buildProtocol(Address address) {
        Protocol p = wrapped.buildProtocol(address);
        if (p == null) {
            return null;
        }
        TlsProtocol tls = new TlsProtocol(options, p);
        tls.setFactory(this);
        return tls;
    }

    @Override
    protected void startFactory() {
        wrapped.doStart();
    }

    @Override
    protected void stopFactory() {
        wrapped.doStop();
    }

    /**
     * The factory whose protocols are wrapped.
     *
     * @return the application's factory
     */
    public Factory wrappedFactory() {
        return wrapped;
    }

    /**
     * The TLS set-up of every connection.
     *
     * @return the options
     */
    public TlsOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "TlsFactory[" + wrapped + ", " + options + "]";
    }
}
