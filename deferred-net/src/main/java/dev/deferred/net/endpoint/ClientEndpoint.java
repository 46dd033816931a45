package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;

/**
 * Where a client connects, independent of how (Twisted's {@code IStreamClientEndpoint}).
 *
 * <pre>{@code
 * ClientEndpoint ep = new TCP4ClientEndpoint(tcp, "127.0.0.1", 8080);
 * ep.connect(Factory.forProtocol(Greeter::new)).addCallback(p -> ((Greeter) p).greet());
 * }</pre>
 */
public interface ClientEndpoint {

    /**
     * Connects, building the protocol with {@code factory}.
     *
     * @param factory builds the protocol once connected; returning null fails the connect with a
     *     {@link dev.deferred.net.protocol.NoProtocolException}
     * @return fires with the protocol after its {@code connectionMade} returned; fails with the
     *     reason the connection could not be made; cancelling it while connecting stops the attempt
     *     and fails it with a {@link dev.deferred.net.protocol.ConnectingCancelledException}
     */
    Deferred<Protocol> connect(Factory factory);
}
