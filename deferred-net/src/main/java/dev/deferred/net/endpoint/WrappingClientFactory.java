package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.HalfCloseableProtocol;
import dev.deferred.net.protocol.NoProtocolException;
import dev.deferred.net.protocol.Protocol;

/**
 * Adapts a plain {@link Factory} to a connect call and a Deferred (Twisted's
 * {@code endpoints._WrappingFactory}): the Deferred fires with the user's protocol after its
 * {@code connectionMade}, or fails with why the connection was not made. Reactor thread only.
 */
final class WrappingClientFactory extends ClientFactory {
    private final Factory wrapped;
    private final Deferred<Protocol> result;
    /** Whether {@link #result} was fired by us: each path fires it at most once. */
    private boolean fired;

    WrappingClientFactory(Factory wrapped, Deferred<Protocol> result) {
        this.wrapped = wrapped;
        this.result = result;
    }

    @Override
    protected void startFactory() {
        wrapped.doStart();
    }

    @Override
    protected void stopFactory() {
        wrapped.doStop();
    }

    @Override
    public Protocol buildProtocol(Address address) {
        Protocol p;
        try {
            p = wrapped.buildProtocol(address);
        } catch (RuntimeException e) {
            fail(e);
            throw e; // the connector closes the connection and reports it failed
        }
        if (p == null) {
            fail(new NoProtocolException("the factory " + wrapped + " refused the connection to " + address
                    + " (buildProtocol returned null)"));
            return null;
        }
        return p instanceof HalfCloseableProtocol ? new HalfCloseable(p) : new Wrapping(p);
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        fail(reason);
    }

    private void fail(Throwable reason) {
        if (!fired) {
            fired = true;
            result.errback(reason);
        }
    }

    private void succeed(Protocol p) {
        if (!fired) {
            fired = true;
            result.callback(p);
        }
    }

    /** Forwards every event to the user's protocol; fires the Deferred after connectionMade. */
    private class Wrapping extends Protocol {
        final Protocol inner;

        Wrapping(Protocol inner) {
            this.inner = inner;
        }

        @Override
        public void connectionMade() {
            try {
                inner.makeConnection(transport);
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            }
            succeed(inner);
        }

        @Override
        public void dataReceived(byte[] data) {
            inner.dataReceived(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            inner.deliverConnectionLost(reason);
        }

        @Override
        public String toString() {
            return "Wrapping[" + inner + "]";
        }
    }

    /** The same, for a protocol that handles half-closes. */
    private final class HalfCloseable extends Wrapping implements HalfCloseableProtocol {
        HalfCloseable(Protocol inner) {
            super(inner);
        }

        @Override
        public void readConnectionLost() {
            ((HalfCloseableProtocol) inner).readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            ((HalfCloseableProtocol) inner).writeConnectionLost();
        }
    }
}
