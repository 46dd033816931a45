package dev.deferred.net.internal;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectTimeoutException;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.NoProtocolException;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.Transport;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.ReactorFDSet;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The connector engine of stream sockets, TCP and UNIX-domain alike (Twisted's
 * {@code tcp.Connector} / {@code tcp.Client}, which the UNIX ones extend): the connector's life
 * cycle (factory start and stop, {@code startedConnecting}, {@code clientConnectionFailed} /
 * {@code clientConnectionLost}, stopping, reactor shutdown) and each attempt's state machine
 * (timeout, non-blocking connect, finish, build the protocol, the TCP layer's transport). Each
 * {@link #connect()} makes a new {@link Attempt}; a stale attempt (one that was stopped) ignores
 * whatever its socket or a pending lookup reports later. A subclass says how an attempt begins
 * (resolve a name, check a lock) and what to connect to, and how to name and describe the ends.
 *
 * <p>Threads: reactor thread only (or the caller's thread before the reactor runs), except where
 * a pending lookup completes, which {@link Attempt#await} brings back to the attempt.
 *
 * @param <A> the type of address {@link #getDestination} reports
 */
public abstract class StreamConnector<A extends Address> implements Connector {
    /** Logs under the concrete connector's name (TcpConnector, UnixConnector). */
    protected final Logger log = ErrorLog.logger(getClass());
    private final TcpReactor tcp;
    private final Reactor reactor;
    private final ReactorFDSet fds;
    /** The addresses its connections report. */
    private final StreamEnds ends;
    private final ClientFactory factory;
    private final Duration timeout;

    // Reactor thread only (or the caller's thread before the reactor runs).
    private State state = State.DISCONNECTED;
    /** Whether we owe the factory a doStop (Twisted's factoryStarted). */
    private boolean factoryStarted;
    private Attempt attempt;
    private Transport connection;

    /**
     * A connector whose connections use {@code tcp}'s transport.
     *
     * @param tcp the TCP layer (its reactor watches the socket; its transport carries the connection)
     * @param factory the client factory
     * @param timeout how long an attempt may take
     * @param ends the addresses the connection reports
     */
    protected StreamConnector(TcpReactor tcp, ClientFactory factory, Duration timeout, StreamEnds ends) {
        this.tcp = tcp;
        this.reactor = tcp.reactor();
        // A TcpReactor is only ever built on a reactor that watches channels.
        this.fds = (ReactorFDSet) reactor;
        this.factory = factory;
        this.ends = ends;
        this.timeout = timeout;
    }

    /**
     * Names the destination in messages, e.g. {@code 127.0.0.1:80} or {@code UNIX socket /run/x.sock}.
     *
     * @return the name
     */
    protected abstract String where();

    /**
     * Starts an attempt's socket work, on the reactor's turn after {@code connect} (its timeout
     * already runs): ends with {@link Attempt#connect} or {@link Attempt#fail}, at once or after
     * a lookup ({@link Attempt#await}).
     *
     * @param a the attempt
     */
    protected abstract void begin(Attempt a);

    /**
     * Readies a new, non-blocking socket before it connects (e.g. binds a local address).
     *
     * @param ch the socket
     * @throws IOException if that fails; a {@link ConnectFailedException} is the attempt's failure
     *     as it is, anything else goes through {@link #translate}
     */
    protected void prepare(SocketChannel ch) throws IOException {
    }

    /**
     * The failure an attempt reports when its socket fails: refused, or failed, naming
     * {@link #where}.
     *
     * @param e what the socket threw
     * @return the failure for {@code clientConnectionFailed}
     */
    protected abstract ConnectFailedException translate(IOException e);

    /**
     * Records or forgets this connector in its reactor's set of attempts under way (failed at
     * shutdown).
     *
     * @param on true while an attempt is under way
     */
    protected abstract void track(boolean on);

    /**
     * Throws unless called where protocol code may run, as the reactor's other methods do.
     *
     * @param what the method called, for the message
     * @throws IllegalStateException if called off the reactor thread while the reactor runs
     */
    protected abstract void checkThread(String what);

    @Override
    public abstract A getDestination();

    @Override
    public final void connect() {
        checkThread("Connector.connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("cannot connect: connector to " + where() + " is " + state);
        }
        state = State.CONNECTING;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        Attempt a = new Attempt();
        attempt = a;
        track(true);
        factory.startedConnecting(this);
        if (attempt == a) {
            // The socket work starts on the reactor's next turn, as in Twisted: the caller can
            // still stop it, and protocol code never runs inside connectTCP / connectUNIX.
            reactor.callFromThread(a::start);
        }
    }

    @Override
    public final void stopConnecting() {
        checkThread("Connector.stopConnecting");
        if (state != State.CONNECTING) {
            throw new IllegalStateException("stopConnecting: connector to " + where() + " is " + state
                    + ", not connecting");
        }
        attempt.fail(new ConnectingCancelledException(getDestination()));
    }

    @Override
    public final void disconnect() {
        if (state == State.CONNECTING) {
            stopConnecting();
        } else if (state == State.CONNECTED) {
            connection.loseConnection();
        }
    }

    @Override
    public final State getState() {
        return state;
    }

    /** The reactor is stopping: an attempt under way fails. */
    public final void reactorShutdown() {
        if (state == State.CONNECTING && attempt != null) {
            attempt.fail(new ConnectFailedException("connecting to " + where() + " stopped: the reactor shut down"));
        }
    }

    private void connectionLost(Throwable reason) {
        state = State.DISCONNECTED;
        connection = null;
        try {
            factory.clientConnectionLost(this, reason);
        } finally {
            stopFactoryIfIdle();
        }
    }

    private void stopFactoryIfIdle() {
        if (state == State.DISCONNECTED && factoryStarted) {
            factoryStarted = false;
            factory.doStop();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + where() + ", " + state + "]";
    }

    /** One attempt: begin (the subclass's part), open, connect, finish. Reactor thread. */
    public final class Attempt {
        private SocketChannel channel;
        private DelayedCall timer;
        /** A lookup the attempt waits for, cancelled if the attempt ends first. */
        private Deferred<?> pending;
        private boolean over;

        private Attempt() {
        }

        private void start() {
            if (over) {
                return;
            }
            timer = reactor.callLater(timeout, () -> fail(new ConnectTimeoutException(
                    "connecting to " + where() + " timed out after " + timeout)));
            begin(this);
        }

        /**
         * Waits for {@code lookup} (e.g. a name resolution done off the loop): {@code then} gets its
         * result unless the attempt ended meanwhile; its failure fails the attempt. Ending the
         * attempt first cancels it.
         *
         * @param lookup the pending result
         * @param then what to do with it
         * @param <T> its type
         */
        public <T> void await(Deferred<T> lookup, Consumer<T> then) {
            pending = lookup;
            lookup.addCallbacks(value -> {
                if (!over) {
                    then.accept(value);
                }
                return null;
            }, e -> {
                fail(e);
                return null;
            });
        }

        /**
         * Opens a non-blocking socket of {@code to}'s family, {@linkplain #prepare prepares} it
         * and connects it to {@code to}; once connected, builds the protocol and starts the
         * transport. Failures end the attempt.
         *
         * @param to the destination
         */
        public void connect(SocketAddress to) {
            if (over) {
                return;
            }
            try {
                channel = Sockets.openStream(to);
                channel.configureBlocking(false);
                prepare(channel);
                if (channel.connect(to)) {
                    connected();
                } else {
                    fds.addWriter(channel, ch -> finish());
                }
            } catch (ConnectFailedException e) {
                fail(e);
            } catch (IOException e) {
                fail(translate(e));
            }
        }

        private void finish() {
            if (over) {
                return;
            }
            boolean done;
            try {
                done = channel.finishConnect();
            } catch (IOException e) {
                fail(translate(e));
                return;
            }
            if (done) {
                connected();
            }
        }

        private void connected() {
            over = true;
            timer.cancel();
            fds.removeWriter(channel);
            Address peer;
            Address local;
            try {
                peer = ends.peer(channel);
                local = ends.local(channel);
            } catch (IOException e) {
                over = false;
                fail(translate(e));
                return;
            }
            Protocol protocol;
            try {
                protocol = factory.buildProtocol(peer);
            } catch (Throwable t) {
                Failures.rethrowIfEndsLoop(t);
                over = false;
                fail(Failures.asFailure(t));
                return;
            }
            if (protocol == null) {
                over = false;
                fail(new NoProtocolException("the factory refused the connection to " + peer
                        + " (buildProtocol returned null)"));
                return;
            }
            state = State.CONNECTED;
            track(false);
            connection = tcp.adoptStreamConnection(channel, protocol, local, peer,
                    StreamConnector.this::connectionLost);
        }

        /**
         * Ends this attempt with {@code reason}, once; a stale or finished attempt ignores it.
         *
         * @param reason what {@code clientConnectionFailed} hears
         */
        public void fail(Throwable reason) {
            if (over) {
                return;
            }
            over = true;
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            if (pending != null && !pending.isCalled()) {
                pending.cancel(); // its errback comes back here and is ignored: over is set
            }
            if (channel != null) {
                fds.removeAll(channel);
                Sockets.closeQuietly(channel);
            }
            attempt = null;
            state = State.DISCONNECTED;
            track(false);
            try {
                factory.clientConnectionFailed(StreamConnector.this, reason);
            } finally {
                stopFactoryIfIdle();
            }
        }
    }
}
