package dev.deferred.net.protocol;

import dev.deferred.Deferred;

/**
 * A port accepting connections (Twisted's {@code IListeningPort}), as returned by
 * {@code listenTCP} and by server endpoints.
 *
 * <pre>{@code
 * ListeningPort port = tcp.listenTCP(0, factory, 50, "127.0.0.1");
 * int actual = port.getHost().port();          // the ephemeral port chosen
 * port.stopListening().addCallback(v -> ...);   // closed; the factory's doStop has run
 * }</pre>
 */
public interface ListeningPort {

    /**
     * The address the port is bound to; the real port number when 0 was asked for.
     *
     * @return the bound address
     */
    Address getHost();

    /**
     * Stops accepting and closes the port; connections already accepted stay open. The factory's
     * {@link Factory#doStop()} runs. A second call returns an already-fired Deferred.
     *
     * @return fires with null once the port is closed
     */
    Deferred<Void> stopListening();
}
