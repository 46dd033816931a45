package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;

/**
 * Where a server listens, independent of how (Twisted's {@code IStreamServerEndpoint}).
 *
 * <pre>{@code
 * ServerEndpoint ep = Endpoints.serverFromString(tcp, "tcp:8080:interface=127.0.0.1");
 * ep.listen(Factory.forProtocol(Echo::new)).addCallback(port -> ...);
 * }</pre>
 */
public interface ServerEndpoint {

    /**
     * Starts listening with {@code factory}.
     *
     * @param factory builds a protocol per accepted connection
     * @return fires with the port once listening, or fails (e.g. with a
     *     {@link dev.deferred.net.protocol.CannotListenException} when the port is in use)
     */
    Deferred<ListeningPort> listen(Factory factory);
}
