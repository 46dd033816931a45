package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.NoProtocolException;
import dev.deferred.net.protocol.PipeAddress;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.reactor.Reactor;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A server endpoint that "listens" on the process's standard input and output (Twisted's
 * {@code StandardIOEndpoint}): {@link #listen} builds one protocol and connects it at once. Input
 * is read on a helper thread and handed to the reactor with {@code callFromThread}; writes are
 * written and flushed in order on another thread; end of input closes the connection once the
 * writes made so far are out, and the protocol gets {@code connectionLost} with a
 * {@code ConnectionDoneException} (a {@code HalfCloseableProtocol} gets
 * {@code readConnectionLost} instead and closes when it wants). Closing the connection does not close {@code System.out}
 * unless {@code loseWriteConnection} is called.
 *
 * <pre>{@code
 * new StandardIOEndpoint(reactor).listen(Factory.forProtocol(MyLineProtocol::new));
 * reactor.run();
 * }</pre>
 */
public final class StandardIOEndpoint implements ServerEndpoint {
    private final Reactor reactor;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Standard input and output of this process.
     *
     * @param reactor the reactor the protocol runs on
     */
    public StandardIOEndpoint(Reactor reactor) {
        this(reactor, System.in, System.out);
    }

    /**
     * Any pair of blocking streams, e.g. a child process's, or pipes in a test.
     *
     * @param reactor the reactor the protocol runs on
     * @param in read on a helper thread until end of input
     * @param out written on a helper thread, flushed after each write
     */
    public StandardIOEndpoint(Reactor reactor, InputStream in, OutputStream out) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Builds the protocol with {@code factory} and connects it now; call it on the reactor
     * thread (or before the reactor runs — the reading then starts at once and the data waits for
     * the loop). The port's {@code stopListening} does nothing: end the connection through the
     * protocol's transport.
     *
     * @return fires at once with a port whose address is a {@link PipeAddress}; fails with a
     *     {@link NoProtocolException} if the factory returns null
     */
    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        return Deferred.execute(() -> {
            Protocol p = factory.buildProtocol(new PipeAddress());
            if (p == null) {
                throw new NoProtocolException("the factory " + factory + " returned no protocol for standard I/O");
            }
            new StandardIOTransport(reactor, in, out, p).start();
            return new ListeningPort() {
                @Override
                public Address getHost() {
                    return new PipeAddress();
                }

                @Override
                public Deferred<Void> stopListening() {
                    return Deferred.succeed(null);
                }
            };
        });
    }
}
