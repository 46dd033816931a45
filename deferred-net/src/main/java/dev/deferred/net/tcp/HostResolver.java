package dev.deferred.net.tcp;

import dev.deferred.Deferred;
import dev.deferred.reactor.Reactor;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into its addresses without blocking the reactor (Twisted's
 * {@code IHostnameResolver}). {@link TcpReactor#connectTCP} resolves names with the reactor's
 * resolver ({@link TcpReactor#hostResolver()}), and so does {@code HostnameEndpoint}; tests give
 * {@code HostnameEndpoint} a fake one.
 *
 * <pre>{@code
 * HostResolver fake = host -> Deferred.succeed(List.of(InetAddress.getByName("127.0.0.1")));
 * }</pre>
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * Resolves {@code host}. A numeric address resolves to itself without a lookup.
     *
     * @param host a host name or a numeric address
     * @return fires on the reactor thread with every address of the host, in the system's order
     *     (never empty), or fails with a {@link dev.deferred.net.protocol.ConnectFailedException}
     *     naming the host; cancelling it drops the answer
     */
    Deferred<List<InetAddress>> resolve(String host);

    /**
     * The system resolver ({@link InetAddress#getAllByName}), called on a virtual thread, the
     * answer handed back on {@code reactor}'s thread.
     *
     * @param reactor where the answers are delivered
     * @return the resolver
     */
    static HostResolver system(Reactor reactor) {
        return new SystemHostResolver(java.util.Objects.requireNonNull(reactor, "reactor"));
    }
}
