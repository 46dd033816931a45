package dev.deferred.reactor.tcp;

import dev.deferred.Deferred;
import dev.deferred.ErrorLog;
import dev.deferred.reactor.protocol.Address;
import dev.deferred.reactor.protocol.CannotListenException;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.ListeningPort;
import dev.deferred.reactor.protocol.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;

/**
 * A listening TCP port on a {@link TcpReactor} (Twisted's {@code tcp.Port}): accepts connections
 * and hands each to a protocol built by the factory.
 */
final class TcpPort implements ListeningPort {
    private static final Logger log = ErrorLog.logger(TcpPort.class);

    /** Accept at most this many connections per readiness, so one busy port cannot starve the loop. */
    private static final int ACCEPT_BATCH = 64;

    private final TcpReactor tcp;
    private final Factory factory;
    // Reactor thread only (or the thread that listens before the reactor runs).
    private ServerSocketChannel server;
    private Address host;
    private boolean closed;

    TcpPort(TcpReactor tcp, Factory factory) {
        this.tcp = tcp;
        this.factory = factory;
    }

    void startListening(String iface, int port, int backlog) throws CannotListenException {
        String where = (iface.isEmpty() ? "0.0.0.0" : iface) + " port " + port;
        ServerSocketChannel ch = null;
        try {
            InetAddress address = InetAddress.getByName(iface.isEmpty() ? "0.0.0.0" : iface);
            ch = ServerSocketChannel.open();
            // As Twisted on POSIX: a restarted server can bind while old connections sit in TIME_WAIT.
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(address, port), backlog);
            ch.configureBlocking(false);
            host = Address.of((InetSocketAddress) ch.getLocalAddress());
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing; the bind error is what matters
                }
            }
            throw new CannotListenException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
        server = ch;
        factory.doStart();
        tcp.opened(this);
        tcp.fds.addReader(server, c -> doAccept());
    }

    private void doAccept() {
        for (int i = 0; i < ACCEPT_BATCH && !closed; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // e.g. too many open files: keep listening, the next turn may succeed
                log.warn("accept on {} failed: {}", host, e.toString());
                return;
            }
            if (ch == null) {
                return;
            }
            accepted(ch);
        }
    }

    private void accepted(SocketChannel ch) {
        Protocol protocol;
        Address peer;
        Address local;
        try {
            ch.configureBlocking(false);
            peer = Address.of((InetSocketAddress) ch.getRemoteAddress());
            local = Address.of((InetSocketAddress) ch.getLocalAddress());
        } catch (IOException e) {
            log.debug("accepted connection vanished before setup", e);
            close(ch);
            return;
        }
        try {
            protocol = factory.buildProtocol(peer);
        } catch (Throwable t) {
            TcpConnection.rethrowFatal(t);
            log.error("buildProtocol of {} threw for {}; connection closed", factory, peer, t);
            close(ch);
            return;
        }
        if (protocol == null) {
            close(ch); // the factory refused it
            return;
        }
        new TcpConnection(tcp, ch, protocol, local, peer, null).start();
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("closing refused connection failed", e);
        }
    }

    @Override
    public Address getHost() {
        return host;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Call it on the reactor thread (or after the reactor stopped): the factory's
     * {@code doStop} runs on the calling thread. The Deferred fires before it returns.
     */
    @Override
    public Deferred<Void> stopListening() {
        tcp.checkThread("stopListening");
        if (closed) {
            return Deferred.succeed(null);
        }
        closed = true;
        tcp.closed(this);
        tcp.fds.removeAll(server);
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing {} failed", host, e);
        }
        try {
            factory.doStop();
        } catch (Throwable t) {
            TcpConnection.rethrowFatal(t);
            return Deferred.fail(t);
        }
        return Deferred.succeed(null);
    }

    @Override
    public String toString() {
        return "TcpPort[" + host + (closed ? ", closed" : "") + "]";
    }
}
