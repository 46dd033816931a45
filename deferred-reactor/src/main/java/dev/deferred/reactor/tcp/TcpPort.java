package dev.deferred.reactor.tcp;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
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
import java.time.Duration;
import org.slf4j.Logger;

/**
 * A listening TCP port on a {@link TcpReactor} (Twisted's {@code tcp.Port}): accepts connections
 * and hands each to a protocol built by the factory.
 */
final class TcpPort implements ListeningPort {
    private static final Logger log = ErrorLog.logger(TcpPort.class);

    /** Accept at most this many connections per readiness, so one busy port cannot starve the loop. */
    private static final int ACCEPT_BATCH = 64;

    /** The first pause after a failed accept; it doubles while accepting keeps failing. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    /** The longest pause between tries while accepting keeps failing. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** At most one warning about failing accepts per this interval (a count covers the rest). */
    static final double LOG_INTERVAL_SECONDS = 10;

    /** How a connection is taken from the server socket; tests replace it to make accept fail. */
    interface Acceptor {
        SocketChannel accept(ServerSocketChannel server) throws IOException;
    }

    private final TcpReactor tcp;
    private final Factory factory;
    // Reactor thread only (or the thread that listens before the reactor runs).
    private ServerSocketChannel server;
    private Address host;
    private boolean closed;
    Acceptor acceptor = ServerSocketChannel::accept;
    /**
     * Accepting failed (typically: out of file descriptors, which the pending connection keeps
     * failing until some close): the port is not watched until this timer runs, so a failing
     * accept cannot spin the loop. Null while accepting normally.
     */
    private DelayedCall resumeAccepting;
    /** The current pause; zero after a successful accept. */
    private Duration backoff = Duration.ZERO;
    /** Failed accepts not yet reported, and when the last report was (reactor seconds; NaN: never). */
    private long unreportedFailures;
    private double lastReport = Double.NaN;

    TcpPort(TcpReactor tcp, Factory factory) {
        this.tcp = tcp;
        this.factory = factory;
    }

    void startListening(InetAddress address, int port, int backlog) throws CannotListenException {
        String where = address.getHostAddress() + " port " + port;
        ServerSocketChannel ch = null;
        try {
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
                ch = acceptor.accept(server);
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (ch == null) {
                return;
            }
            backoff = Duration.ZERO;
            accepted(ch);
        }
    }

    /**
     * Accept failed, e.g. with "Too many open files": the connection stays in the backlog and the
     * socket stays readable, so trying again at once would fail again, in a loop that holds the
     * reactor thread and floods the log. Stop watching the port for a while instead (doubling the
     * pause while it keeps failing) and warn at most once per interval.
     */
    private void backOff(IOException e) {
        unreportedFailures++;
        backoff = backoff.isZero() ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
        double now = tcp.reactor.seconds();
        if (Double.isNaN(lastReport) || now - lastReport >= LOG_INTERVAL_SECONDS) {
            log.warn("accept on {} failed {} time(s) since the last report: {}; not accepting for {} ms at a time"
                    + " while it fails (pending connections wait in the backlog)",
                    host, unreportedFailures, e.toString(), backoff.toMillis());
            unreportedFailures = 0;
            lastReport = now;
        }
        tcp.fds.removeReader(server);
        resumeAccepting = tcp.reactor.callLater(backoff, () -> {
            resumeAccepting = null;
            if (!closed) {
                tcp.fds.addReader(server, c -> doAccept());
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
            Failures.rethrowIfEndsLoop(t);
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
        if (resumeAccepting != null && resumeAccepting.active()) {
            resumeAccepting.cancel();
        }
        resumeAccepting = null;
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
            Failures.rethrowIfEndsLoop(t);
            return Deferred.fail(Failures.asFailure(t));
        }
        return Deferred.succeed(null);
    }

    @Override
    public String toString() {
        return "TcpPort[" + host + (closed ? ", closed" : "") + "]";
    }
}
