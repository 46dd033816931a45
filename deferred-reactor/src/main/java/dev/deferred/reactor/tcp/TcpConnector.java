package dev.deferred.reactor.tcp;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import dev.deferred.reactor.protocol.Address;
import dev.deferred.reactor.protocol.ClientFactory;
import dev.deferred.reactor.protocol.ConnectBindException;
import dev.deferred.reactor.protocol.ConnectFailedException;
import dev.deferred.reactor.protocol.ConnectTimeoutException;
import dev.deferred.reactor.protocol.ConnectingCancelledException;
import dev.deferred.reactor.protocol.ConnectionRefusedException;
import dev.deferred.reactor.protocol.Connector;
import dev.deferred.reactor.protocol.IPv4Address;
import dev.deferred.reactor.protocol.IPv6Address;
import dev.deferred.reactor.protocol.NoProtocolException;
import dev.deferred.reactor.protocol.Protocol;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * An outgoing TCP connection and its attempts (Twisted's {@code tcp.Connector} and
 * {@code tcp.Client}). Each {@link #connect()} makes a new {@link Attempt}; a stale attempt (one
 * that was stopped) ignores whatever its socket or resolver reports later.
 */
final class TcpConnector implements Connector {
    private static final Logger log = ErrorLog.logger(TcpConnector.class);

    private final TcpReactor tcp;
    private final String host;
    private final int port;
    private final ClientFactory factory;
    private final Duration timeout;
    /** The local address to connect from; null for any. */
    private final InetSocketAddress bindAddress;

    // Reactor thread only (or the caller's thread before the reactor runs).
    private State state = State.DISCONNECTED;
    /** Whether we owe the factory a doStop (Twisted's factoryStarted). */
    private boolean factoryStarted;
    private Attempt attempt;
    private TcpConnection connection;

    TcpConnector(TcpReactor tcp, String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress) {
        this.tcp = tcp;
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
    }

    @Override
    public void connect() {
        tcp.checkThread("Connector.connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("cannot connect: connector to " + host + ":" + port + " is " + state);
        }
        state = State.CONNECTING;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        Attempt a = new Attempt();
        attempt = a;
        tcp.attempting(this, true);
        factory.startedConnecting(this);
        if (attempt == a) {
            // The socket work starts on the reactor's next turn, as in Twisted: the caller can
            // still stop it, and protocol code never runs inside connectTCP.
            tcp.reactor.callFromThread(a::begin);
        }
    }

    @Override
    public void stopConnecting() {
        tcp.checkThread("Connector.stopConnecting");
        if (state != State.CONNECTING) {
            throw new IllegalStateException("stopConnecting: connector to " + host + ":" + port
                    + " is " + state + ", not connecting");
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
    public Address getDestination() {
        return host.indexOf(':') >= 0 ? new IPv6Address(host, port) : new IPv4Address(host, port);
    }

    @Override
    public State getState() {
        return state;
    }

    /** The reactor is stopping: an attempt under way fails. */
    void reactorShutdown() {
        if (state == State.CONNECTING && attempt != null) {
            attempt.fail(new ConnectFailedException("connecting to " + host + ":" + port
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
        return "TcpConnector[" + host + ":" + port + ", " + state + "]";
    }

    /** One attempt: resolve, open, connect, finish. Reactor thread, except the resolver thread. */
    private final class Attempt {
        private SocketChannel channel;
        private DelayedCall timer;
        /** The name lookup, cancelled if the attempt ends first. */
        private Deferred<List<InetAddress>> resolving;
        private boolean over;

        void begin() {
            if (over) {
                return;
            }
            timer = tcp.reactor.callLater(timeout, () -> fail(new ConnectTimeoutException(
                    "connecting to " + host + ":" + port + " timed out after " + timeout)));
            // Name lookups block: the reactor's resolver does them off the loop (a literal at once).
            resolving = tcp.resolver.resolve(host);
            resolving.addCallbacks(all -> {
                open(all.get(0));
                return null;
            }, e -> {
                fail(e);
                return null;
            });
        }

        private void open(InetAddress address) {
            if (over) {
                return;
            }
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                if (bindAddress != null) {
                    try {
                        channel.bind(bindAddress);
                    } catch (IOException | java.nio.channels.UnsupportedAddressTypeException e) {
                        fail(new ConnectBindException("connecting to " + host + ":" + port + " from "
                                + bindAddress + " failed: cannot bind it: " + e.getMessage(), e));
                        return;
                    }
                }
                if (channel.connect(new InetSocketAddress(address, port))) {
                    connected();
                } else {
                    tcp.fds.addWriter(channel, ch -> finish());
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
            tcp.fds.removeWriter(channel);
            Address peer;
            Address local;
            try {
                peer = Address.of((InetSocketAddress) channel.getRemoteAddress());
                local = Address.of((InetSocketAddress) channel.getLocalAddress());
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
            tcp.attempting(TcpConnector.this, false);
            connection = new TcpConnection(tcp, channel, protocol, local, peer, TcpConnector.this::connectionLost);
            connection.start();
        }

        /** Ends this attempt with {@code reason}, once; a stale or finished attempt ignores it. */
        void fail(Throwable reason) {
            if (over) {
                return;
            }
            over = true;
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            if (resolving != null && !resolving.isCalled()) {
                resolving.cancel(); // its errback comes back here and is ignored: over is set
            }
            if (channel != null) {
                tcp.fds.removeAll(channel);
                try {
                    channel.close();
                } catch (IOException e) {
                    log.debug("closing failed attempt's socket failed", e);
                }
            }
            attempt = null;
            state = State.DISCONNECTED;
            tcp.attempting(TcpConnector.this, false);
            try {
                factory.clientConnectionFailed(TcpConnector.this, reason);
            } finally {
                stopFactoryIfIdle();
            }
        }

        private Throwable translate(IOException e) {
            String where = host + ":" + port;
            // A reset answering the handshake is the peer refusing too (Linux reports it as
            // ECONNRESET instead of ECONNREFUSED when a listener closes as the SYN arrives).
            boolean reset = e instanceof java.net.SocketException && String.valueOf(e.getMessage()).contains("reset");
            if (e instanceof ConnectException || reset) {
                return new ConnectionRefusedException("connection to " + where + " refused: " + e.getMessage(), e);
            }
            return new ConnectFailedException("connecting to " + where + " failed: " + e.getMessage(), e);
        }
    }
}
