package dev.deferred.net.internal;

import dev.deferred.ErrorLog;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;

/** Small socket helpers shared by the TCP, UNIX and UDP layers. */
public final class Sockets {
    private static final Logger log = ErrorLog.logger(Sockets.class);

    private Sockets() {}

    /**
     * Closes {@code ch} (null: nothing) where something has already gone wrong, e.g. a bind that
     * failed or a connection given up: the first error is what matters, so a failing close is
     * only logged at debug level.
     *
     * @param ch the channel, or null
     */
    public static void closeQuietly(Channel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("closing {} failed", ch, e);
        }
    }

    /**
     * A new stream socket for {@code address}'s family: UNIX-domain for a
     * {@link UnixDomainSocketAddress}, else the default (IP, dual stack where the system has it).
     */
    static SocketChannel openStream(SocketAddress address) throws IOException {
        return address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    }

    /** A new listening socket for {@code address}'s family, as {@link #openStream}. */
    static ServerSocketChannel openServer(SocketAddress address) throws IOException {
        return address instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
    }
}
