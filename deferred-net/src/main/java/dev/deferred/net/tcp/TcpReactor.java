package dev.deferred.net.tcp;

import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.reactor.Phase;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.ReactorFDSet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * TCP over any reactor that watches channels ({@link Reactor} + {@link ReactorFDSet}), such as
 * {@code SelectReactor}: {@link #listenTCP} and {@link #connectTCP}, Twisted's
 * {@code reactor.listenTCP} / {@code reactor.connectTCP}. All protocol and factory methods run on
 * the reactor thread. When the reactor shuts down, its open ports are closed, its connections
 * closed with a {@code ConnectionLostException}, and attempts still connecting fail with a
 * {@code ConnectFailedException}.
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * TcpReactor tcp = new TcpReactor(reactor);
 * tcp.listenTCP(8000, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
 * reactor.run();
 * }</pre>
 */
public final class TcpReactor implements ReactorTCP {

    /**
     * Size of the buffer reads go into: one per reactor, so its size costs nothing per connection,
     * and a bulk sender's bytes come in a quarter of the system calls a 64 KiB buffer needs (the
     * arrays handed to {@code dataReceived} are sized to what was read).
     */
    static final int READ_BUFFER_SIZE = 256 * 1024;

    final Reactor reactor;
    final ReactorFDSet fds;
    /**
     * One read buffer for every connection of this reactor: reads happen only on the reactor
     * thread, one at a time, and the bytes are copied out before the protocol sees them, or lent to
     * a {@code BufferReceiver} for the duration of its call only.
     */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    /** Where every connection of this reactor writes through; reactor thread only, like readBuffer. */
    final SocketWriter writer = new SocketWriter();
    /** Spare write buffers for every connection of this reactor; reactor thread only, like readBuffer. */
    final PackBuffers packBuffers = new PackBuffers();
    /**
     * Connections with writes to flush after this turn, and the list the running pass iterates
     * (swapped, so a flush that makes more writes schedules another pass). Reactor thread only.
     */
    private ArrayList<TcpConnection> toFlush = new ArrayList<>();
    private ArrayList<TcpConnection> flushing = new ArrayList<>();
    private final Runnable flushAll = this::flushAll;
    /** Resolves host names off the loop, for connectTCP and HostnameEndpoint alike. */
    final HostResolver resolver;
    /** Open connections and ports, closed at shutdown. Reactor thread only (or before it runs). */
    private final Set<TcpConnection> connections = new LinkedHashSet<>();
    private final Set<TcpPort> ports = new LinkedHashSet<>();
    private final Set<TcpConnector> connecting = new LinkedHashSet<>();

    /**
     * TCP on {@code reactor}.
     *
     * @param reactor a reactor that is also a {@link ReactorFDSet}, e.g. a {@code SelectReactor}
     * @param <R> its type
     * @throws NullPointerException if {@code reactor} is null
     */
    public <R extends Reactor & ReactorFDSet> TcpReactor(R reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.fds = reactor;
        this.resolver = HostResolver.system(reactor);
        // As Twisted's disconnectAll: a stopping reactor closes its sockets, and every protocol
        // still connected hears connectionLost (a ConnectionLostException) exactly once.
        reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> {
            disconnectAll();
            return null;
        });
    }

    private void disconnectAll() {
        for (TcpPort p : List.copyOf(ports)) {
            p.stopListening();
        }
        for (TcpConnector c : List.copyOf(connecting)) {
            c.reactorShutdown();
        }
        for (TcpConnection c : List.copyOf(connections)) {
            c.reactorShutdown();
        }
    }

    /**
     * Flushes {@code c} right after the handlers of this turn, with every other connection that
     * asks in the same turn: one queued call per turn, not one per connection.
     */
    void flushSoon(TcpConnection c) {
        if (toFlush.isEmpty()) {
            reactor.callFromThread(flushAll);
        }
        toFlush.add(c);
    }

    private void flushAll() {
        ArrayList<TcpConnection> batch = toFlush;
        toFlush = flushing;
        flushing = batch;
        try {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).flushNow();
            }
        } finally {
            batch.clear();
        }
    }

    void attempting(TcpConnector c, boolean on) {
        if (on) {
            connecting.add(c);
        } else {
            connecting.remove(c);
        }
    }

    void opened(TcpConnection c) {
        connections.add(c);
    }

    void closed(TcpConnection c) {
        connections.remove(c);
    }

    void opened(TcpPort p) {
        ports.add(p);
    }

    void closed(TcpPort p) {
        ports.remove(p);
    }

    /**
     * The resolver {@link #connectTCP} uses for host names (the system's, off the reactor thread);
     * {@code HostnameEndpoint} uses it too.
     *
     * @return the resolver
     */
    @Override
    public HostResolver getHostResolver() {
        return resolver;
    }

    /**
     * The reactor this runs on.
     *
     * @return the reactor
     */
    public Reactor getReactor() {
        return reactor;
    }

    @Override
    public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface)
            throws CannotListenException {
        return listenTCP(port, factory, backlog, iface, null);
    }

    /** {@link #listenTCP(int, Factory, int, String)} whose connections go where {@code placement} says (null: here). */
    ListeningPort listenTCP(int port, Factory factory, int backlog, String iface, Supplier<TcpReactor> placement)
            throws CannotListenException {
        Objects.requireNonNull(factory, "factory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listenTCP: port " + port + " is outside 0..65535");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("listenTCP: backlog must be at least 1, got " + backlog);
        }
        InetAddress address = interfaceAddress("listenTCP", iface == null ? "" : iface);
        checkThread("listenTCP");
        TcpPort p = new TcpPort(this, factory, placement);
        p.startListening(address, port, backlog);
        return p;
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("connectTCP: port " + port + " is outside 1..65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connectTCP: timeout must be positive, got " + timeout);
        }
        if (bindAddress != null && bindAddress.isUnresolved()) {
            throw new IllegalArgumentException("connectTCP: bindAddress " + bindAddress + " is unresolved; give a"
                    + " local address, e.g. new InetSocketAddress(\"127.0.0.1\", 0)");
        }
        checkThread("connectTCP");
        TcpConnector c = new TcpConnector(this, host, port, factory, timeout, bindAddress);
        c.connect();
        return c;
    }

    /**
     * The address a port binds: all IPv4 interfaces for {@code ""}, else a numeric address. A name
     * is refused rather than looked up: the lookup would hold the reactor thread (seconds with a
     * slow resolver), and listenTCP must answer at once.
     */
    static InetAddress interfaceAddress(String what, String iface) {
        try {
            return Address.parseNumeric(iface.isEmpty() ? "0.0.0.0" : iface);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": interface " + e.getMessage()
                    + "; names are not looked up, since that would block the reactor thread", e);
        }
    }

    /**
     * Runs {@code protocol} over a stream channel that is already connected, with the transport
     * {@link #listenTCP} and {@link #connectTCP} give their protocols (write queue, flow control,
     * half-close, closing at reactor shutdown): Twisted's {@code adoptStreamConnection}. Any stream
     * {@link SocketChannel} works, TCP or UNIX-domain; the UNIX sockets of
     * {@code dev.deferred.net.unix} are built on it. The protocol's {@code connectionMade} runs
     * before this returns.
     *
     * <pre>{@code
     * SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of("/run/app.sock"));
     * ch.configureBlocking(false);
     * tcp.adoptStreamConnection(ch, new Greeter(), new UNIXAddress(null), new UNIXAddress("/run/app.sock"), null);
     * }</pre>
     *
     * @param channel a connected, non-blocking channel; the transport owns it from now on
     * @param protocol the protocol, not yet connected
     * @param host what the transport's {@code getHost()} returns
     * @param peer what the transport's {@code getPeer()} returns
     * @param onLost told of the loss after the protocol's {@code connectionLost}, or null
     * @return the transport
     * @throws IllegalArgumentException if {@code channel} is not connected or is in blocking mode
     */
    public TcpConnection adoptStreamConnection(SocketChannel channel, Protocol protocol, Address host, Address peer,
            Consumer<Throwable> onLost) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(protocol, "protocol");
        if (!channel.isConnected() || channel.isBlocking()) {
            throw new IllegalArgumentException("adoptStreamConnection: " + channel
                    + " must be connected and non-blocking (call configureBlocking(false))");
        }
        checkThread("adoptStreamConnection");
        TcpConnection c = new TcpConnection(this, channel, protocol, host, peer, onLost);
        c.start();
        return c;
    }

    /**
     * Adopts a connection another reactor of a group accepted: on this reactor's next turn, so
     * the protocol's whole life runs here. The group stops its accepting reactor before the others,
     * so a hand-off is always queued before this reactor's shutdown and its connection is closed
     * (and reported lost) by that shutdown like any other.
     */
    void adoptHandedOff(SocketChannel ch, Protocol protocol, Address host, Address peer) {
        reactor.callFromThread(() -> {
            if (!ch.isOpen()) {
                return;
            }
            adoptStreamConnection(ch, protocol, host, peer, null);
        });
    }

    /**
     * Protocol code must run on the loop; before the loop runs there is no other thread to race.
     */
    void checkThread(String what) {
        if (reactor.isRunning() && !reactor.isOnReactorTurn()) {
            throw new IllegalStateException(what + " must be called on the reactor thread while the reactor runs;"
                    + " wrap the call in reactor.callFromThread(...)");
        }
    }
}
