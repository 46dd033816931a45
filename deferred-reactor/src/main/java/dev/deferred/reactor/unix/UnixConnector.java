package dev.deferred.reactor.unix;

import dev.deferred.ErrorLog;
import dev.deferred.DelayedCall;
import dev.deferred.reactor.protocol.ClientFactory;
import dev.deferred.reactor.protocol.ConnectFailedException;
import dev.deferred.reactor.protocol.ConnectTimeoutException;
import dev.deferred.reactor.protocol.ConnectingCancelledException;
import dev.deferred.reactor.protocol.ConnectionRefusedException;
import dev.deferred.reactor.protocol.Connector;
import dev.deferred.reactor.protocol.NoProtocolException;
import dev.deferred.reactor.protocol.Protocol;
import dev.deferred.reactor.protocol.UNIXAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * An outgoing UNIX-domain connection and its attempts (Twisted's {@code unix.Connector}), with the
 * life cycle of the TCP connector: each {@link #connect()} is a new attempt, and a stopped attempt
 * ignores whatever its socket reports later. No name to resolve, so an attempt opens its socket on
 * the turn after {@code connect}.
 */
final class UnixConnector implements Connector {
    private static final Logger log = ErrorLog.logger(UnixConnector.class);

    private final UnixReactor unix;
    private final String path;
    private final ClientFactory factory;
    private final Duration timeout;
    private final boolean checkPID;

    // Reactor thread only (or the caller's thread before the reactor runs).
    private State state = State.DISCONNECTED;
    /** Whether we owe the factory a doStop. */
    private boolean factoryStarted;
    private Attempt attempt;
    private dev.deferred.reactor.protocol.Transport connection;

    UnixConnector(UnixReactor unix, String path, ClientFactory factory, Duration timeout, boolean checkPID) {
        this.unix = unix;
        this.path = path;
        this.factory = factory;
        this.timeout = timeout;
        this.checkPID = checkPID;
    }

    @Override
    public void connect() {
        unix.checkThread("Connector.connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("cannot connect: connector to " + path + " is " + state);
        }
        state = State.CONNECTING;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        Attempt a = new Attempt();
        attempt = a;
        unix.attempting(this, true);
        factory.startedConnecting(this);
        if (attempt == a) {
            unix.reactor.callFromThread(a::begin);
        }
    }

    @Override
    public void stopConnecting() {
        unix.checkThread("Connector.stopConnecting");
        if (state != State.CONNECTING) {
            throw new IllegalStateException("stopConnecting: connector to " + path + " is " + state
                    + ", not connecting");
        }
        attempt.fail(new ConnectingCancelledException(getDestination()));
    }

    @Override
    public void disconnect() {
        if (state == State.CONNECTING) {
            stopConnecting();
        } else if (state == State.CONNECTED) {
            connection.loseConnection();
        }
    }

    @Override
    public UNIXAddress getDestination() {
        return new UNIXAddress(path);
    }

    @Override
    public State getState() {
        return state;
    }

    void reactorShutdown() {
        if (state == State.CONNECTING && attempt != null) {
            attempt.fail(new ConnectFailedException("connecting to UNIX socket " + path
                    + " stopped: the reactor shut down"));
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
        return "UnixConnector[" + path + ", " + state + "]";
    }

    /** One attempt: check the lock, open, connect, finish. Reactor thread. */
    private final class Attempt {
        private SocketChannel channel;
        private DelayedCall timer;
        private boolean over;

        void begin() {
            if (over) {
                return;
            }
            timer = unix.reactor.callLater(timeout, () -> fail(new ConnectTimeoutException(
                    "connecting to UNIX socket " + path + " timed out after " + timeout)));
            if (checkPID && !FilesystemLock.isLocked(Path.of(path + ".lock"))) {
                // Twisted's BadFileError: the server's lock names no live process.
                fail(new ConnectFailedException("no live server holds the lock file " + path
                        + ".lock of UNIX socket " + path + " (checkPID / lockfile=1)"));
                return;
            }
            try {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.configureBlocking(false);
                if (channel.connect(UnixDomainSocketAddress.of(path))) {
                    connected();
                } else {
                    unix.fds.addWriter(channel, ch -> finish());
                }
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
            unix.fds.removeWriter(channel);
            UNIXAddress peer = new UNIXAddress(path);
            Protocol protocol;
            try {
                protocol = factory.buildProtocol(peer);
            } catch (RuntimeException e) {
                over = false;
                fail(e);
                return;
            }
            if (protocol == null) {
                over = false;
                fail(new NoProtocolException("the factory refused the connection to " + peer
                        + " (buildProtocol returned null)"));
                return;
            }
            state = State.CONNECTED;
            unix.attempting(UnixConnector.this, false);
            // The client's own end has no name (Twisted: UNIXAddress(None)).
            connection = unix.tcp.adoptStreamConnection(channel, protocol, new UNIXAddress(null), peer,
                    UnixConnector.this::connectionLost);
        }

        void fail(Throwable reason) {
            if (over) {
                return;
            }
            over = true;
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            if (channel != null) {
                unix.fds.removeAll(channel);
                try {
                    channel.close();
                } catch (IOException e) {
                    log.debug("closing failed attempt's socket failed", e);
                }
            }
            attempt = null;
            state = State.DISCONNECTED;
            unix.attempting(UnixConnector.this, false);
            try {
                factory.clientConnectionFailed(UnixConnector.this, reason);
            } finally {
                stopFactoryIfIdle();
            }
        }

        private Throwable translate(IOException e) {
            if (e instanceof ConnectException) {
                return new ConnectionRefusedException("connection to UNIX socket " + path
                        + " refused: nothing listens on it (a stale socket file?): " + e.getMessage(), e);
            }
            if (!Files.exists(Path.of(path))) {
                return new ConnectFailedException("cannot connect to UNIX socket " + path
                        + ": no such file (is the server running?): " + e.getMessage(), e);
            }
            return new ConnectFailedException("connecting to UNIX socket " + path + " failed: " + e.getMessage(), e);
        }
    }
}
