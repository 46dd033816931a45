package dev.deferred.net.internal;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.ReactorFDSet;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The listening-port engine of stream sockets, TCP and UNIX-domain alike (Twisted's
 * {@code tcp.Port}, which {@code unix.Port} extends): binds, accepts in batches, backs off while
 * accepting fails, hands each connection to a protocol built by the factory over the TCP layer's
 * transport, and stops. A subclass says what differs: the address it binds, the addresses its
 * connections report, and what to set up before and clean up after.
 *
 * <p>Threads: reactor thread only (or the thread that listens before the reactor runs).
 *
 * @param <A> the type of address {@link #getHost} reports
 */
public abstract class StreamPort<A extends Address> implements ListeningPort {

    /** Accept at most this many connections per readiness, so one busy port cannot starve the loop. */
    private static final int ACCEPT_BATCH = 64;

    /** The first pause after a failed accept; it doubles while accepting keeps failing. */
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    /** The longest pause between tries while accepting keeps failing. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** At most one warning about failing accepts per this interval (a count covers the rest). */
    public static final double LOG_INTERVAL_SECONDS = 10;

    /** How a connection is taken from the server socket; tests replace it to make accept fail. */
    public interface Acceptor {
        /**
         * Accepts one connection.
         *
         * @param server the listening socket
         * @return the connection, or null if none is pending
         * @throws IOException if accepting failed
         */
        SocketChannel accept(ServerSocketChannel server) throws IOException;
    }

    /** Logs under the concrete port's name (TcpPort, UnixPort). */
    protected final Logger log = ErrorLog.logger(getClass());
    private final TcpReactor tcp;
    private final Reactor reactor;
    private final ReactorFDSet fds;
    /** The addresses its connections report. */
    private final StreamEnds ends;
    private final Factory factory;
    // Reactor thread only (or the thread that listens before the reactor runs).
    private ServerSocketChannel server;
    private A host;
    private boolean closed;
    /** Test seam: see {@link Acceptor}. */
    public Acceptor acceptor = ServerSocketChannel::accept;
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

    /**
     * A port whose connections use {@code tcp}'s transport.
     *
     * @param tcp the TCP layer (its reactor watches the socket; its transport carries the connections)
     * @param factory builds a protocol for each connection
     * @param ends the addresses each connection reports
     */
    protected StreamPort(TcpReactor tcp, Factory factory, StreamEnds ends) {
        this.tcp = tcp;
        this.reactor = tcp.getReactor();
        // A TcpReactor is only ever built on a reactor that watches channels.
        this.fds = (ReactorFDSet) reactor;
        this.factory = factory;
        this.ends = ends;
    }

    /**
     * Binds {@code address} (a socket of its family), starts the factory and starts accepting. On
     * failure nothing is left open and the factory is not started.
     *
     * @param address where to listen
     * @param backlog the listen backlog
     * @throws CannotListenException from {@link #cannotListen} if the socket cannot be set up
     */
    protected final void startListening(SocketAddress address, int backlog) throws CannotListenException {
        ServerSocketChannel ch = null;
        try {
            ch = Sockets.openServer(address);
            configure(ch);
            ch.bind(address, backlog);
            bound(ch);
            ch.configureBlocking(false);
            host = hostOf(ch);
        } catch (IOException e) {
            Sockets.closeQuietly(ch);
            throw cannotListen(e);
        }
        server = ch;
        factory.doStart();
        track(true);
        fds.addReader(server, c -> doAccept());
    }

    /**
     * Sets socket options before the bind.
     *
     * @param ch the new, unbound socket
     * @throws IOException if an option cannot be set
     */
    protected void configure(ServerSocketChannel ch) throws IOException {
    }

    /**
     * Finishes setting up the bound socket (e.g. a socket file's permissions).
     *
     * @param ch the bound socket
     * @throws IOException if that fails; the port then does not listen
     */
    protected void bound(ServerSocketChannel ch) throws IOException {
    }

    /**
     * The address {@link #getHost} reports, read once the socket is bound.
     *
     * @param ch the bound socket
     * @return the address
     * @throws IOException if the socket cannot say
     */
    protected abstract A hostOf(ServerSocketChannel ch) throws IOException;

    /**
     * The error {@link #startListening} throws when setting up the socket failed; it also undoes
     * whatever the subclass did before (e.g. releases a lock).
     *
     * @param e what failed
     * @return the exception to throw, naming where the port was to listen
     */
    protected abstract CannotListenException cannotListen(IOException e);

    /**
     * Records or forgets this port in its reactor's set of open ports (closed at shutdown).
     *
     * @param open true when listening starts, false when it stops
     */
    protected abstract void track(boolean open);

    /**
     * Throws unless called where protocol code may run, as the reactor's other methods do.
     *
     * @param what the method called, for the message
     * @throws IllegalStateException if called off the reactor thread while the reactor runs
     */
    protected abstract void checkThread(String what);

    /**
     * Cleans up after the socket is closed (e.g. removes a socket file); the factory's
     * {@code doStop} runs after this.
     */
    protected void stopped() {
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
        double now = reactor.seconds();
        if (Double.isNaN(lastReport) || now - lastReport >= LOG_INTERVAL_SECONDS) {
            log.warn("accept on {} failed {} time(s) since the last report: {}; not accepting for {} ms at a time"
                    + " while it fails (pending connections wait in the backlog)",
                    host, unreportedFailures, e.toString(), backoff.toMillis());
            unreportedFailures = 0;
            lastReport = now;
        }
        fds.removeReader(server);
        resumeAccepting = reactor.callLater(backoff, () -> {
            resumeAccepting = null;
            if (!closed) {
                fds.addReader(server, c -> doAccept());
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
            peer = ends.peer(ch);
            local = ends.local(ch);
        } catch (IOException e) {
            log.debug("accepted connection vanished before setup", e);
            Sockets.closeQuietly(ch);
            return;
        }
        try {
            protocol = factory.buildProtocol(peer);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("buildProtocol of {} threw for {} (a connection to {}); connection closed",
                    factory, peer, host, t);
            Sockets.closeQuietly(ch);
            return;
        }
        if (protocol == null) {
            Sockets.closeQuietly(ch); // the factory refused it
            return;
        }
        adopt(ch, protocol, local, peer);
    }

    /**
     * Runs an accepted connection's protocol over the TCP layer's transport, on this port's
     * reactor. A port of a reactor group overrides it to hand the connection to another reactor.
     *
     * @param ch the accepted, non-blocking channel; owned by the transport from now on
     * @param protocol the protocol the factory built for it
     * @param local what the transport's {@code getHost()} returns
     * @param peer what the transport's {@code getPeer()} returns
     */
    protected void adopt(SocketChannel ch, Protocol protocol, Address local, Address peer) {
        tcp.adoptStreamConnection(ch, protocol, local, peer, null);
    }

    @Override
    public A getHost() {
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
        checkThread("stopListening");
        if (closed) {
            return Deferred.succeed(null);
        }
        closed = true;
        if (resumeAccepting != null && resumeAccepting.active()) {
            resumeAccepting.cancel();
        }
        resumeAccepting = null;
        track(false);
        fds.removeAll(server);
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing {} failed", host, e);
        }
        stopped();
        try {
            factory.doStop();
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            return Deferred.fail(Failures.asFailure(t));
        }
        return Deferred.succeed(null);
    }

    /**
     * Whether {@link #stopListening} was called.
     *
     * @return true once stopped
     */
    protected final boolean isClosed() {
        return closed;
    }
}
