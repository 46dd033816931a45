package dev.deferred.reactor.testing;

import dev.deferred.DelayedCall;
import dev.deferred.Leftovers;
import dev.deferred.ReactorTime;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.protocol.Address;
import dev.deferred.reactor.protocol.ClientFactory;
import dev.deferred.reactor.protocol.ConnectingCancelledException;
import dev.deferred.reactor.protocol.Connector;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.IPv4Address;
import dev.deferred.reactor.protocol.IPv6Address;
import dev.deferred.reactor.protocol.ListeningPort;
import dev.deferred.Deferred;
import dev.deferred.reactor.tcp.HostResolver;
import dev.deferred.reactor.tcp.ReactorTCP;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A reactor that records {@link #listenTCP} and {@link #connectTCP} calls instead of opening
 * sockets, with a deterministic {@link Clock} for time (Twisted's {@code MemoryReactorClock}).
 * Test code inspects the calls and drives the factories by hand, e.g. by building a protocol and
 * connecting it to a {@link StringTransport}.
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * Deferred<Protocol> d = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(factory);
 * MemoryReactor.TcpClient call = reactor.getTcpClients().get(0);
 * Protocol p = call.factory().buildProtocol(new IPv4Address("1.2.3.4", 80));
 * p.makeConnection(new StringTransport());      // d fires now
 * }</pre>
 *
 * <p>TLS endpoints listen and connect through {@code listenTCP}/{@code connectTCP} with a
 * {@code TlsFactory}: a recorded server's factory is that {@code TlsFactory} (its options and the
 * application's factory are readable), and a recorded client's factory builds a protocol that
 * writes a TLS ClientHello when connected to a {@link StringTransport}.
 *
 * <p>Like Twisted's, it does not call the factories' {@code doStart}/{@code doStop}. Not
 * thread-safe: use it from the test's thread.
 */
public final class MemoryReactor implements ReactorTCP, ReactorTime, Leftovers {

    /**
     * A recorded {@code listenTCP} call.
     *
     * @param port the port asked for
     * @param factory the factory given
     * @param backlog the backlog given
     * @param iface the interface given
     */
    public record TcpServer(int port, Factory factory, int backlog, String iface) {
    }

    /**
     * A recorded {@code connectTCP} call.
     *
     * @param host the host given
     * @param port the port given
     * @param factory the factory given
     * @param timeout the timeout given
     * @param bindAddress the local address given, or null
     * @param connector the connector returned
     */
    public record TcpClient(String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress, Connector connector) {
    }

    private final Clock clock = new Clock();
    private final List<TcpServer> tcpServers = new ArrayList<>();
    private final List<TcpClient> tcpClients = new ArrayList<>();
    /** Every port handed out, with where (in debug mode), for leftovers(). */
    private final List<Opened> opened = new ArrayList<>();

    /** A port handed out; {@code open} says whether it still counts as a leftover. */
    private record Opened(Object thing, java.util.function.BooleanSupplier open, Throwable creation) {}
    private int nextEphemeral = 49152;
    /** Numeric addresses only, until a test sets another. */
    private HostResolver hostResolver = host -> {
        if (!dev.deferred.reactor.protocol.Address.isNumeric(host)) {
            return Deferred.fail(new dev.deferred.reactor.protocol.ConnectFailedException("MemoryReactor cannot resolve \""
                    + host + "\": give it a resolver with setHostResolver"));
        }
        try {
            return Deferred.succeed(List.of(java.net.InetAddress.getByName(host)));
        } catch (java.net.UnknownHostException e) {
            return Deferred.fail(e);
        }
    };

    /** Creates an empty reactor whose clock reads 0. */
    public MemoryReactor() {
    }

    /**
     * Records the call and returns a port that does nothing; port 0 is given a made-up port
     * number from 49152 up, so {@code getHost()} looks like a real ephemeral port.
     */
    @Override
    public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) {
        Objects.requireNonNull(factory, "factory");
        tcpServers.add(new TcpServer(port, factory, backlog, iface));
        int actual = port == 0 ? nextEphemeral++ : port;
        String host = iface == null || iface.isEmpty() ? "0.0.0.0" : iface;
        Address address = host.indexOf(':') >= 0 ? new IPv6Address(host, actual) : new IPv4Address(host, actual);
        boolean[] stopped = {false};
        ListeningPort listening = new ListeningPort() {

            @Override
            public Address getHost() {
                return address;
            }

            @Override
            public Deferred<Void> stopListening() {
                stopped[0] = true;
                return Deferred.succeed(null);
            }

            @Override
            public String toString() {
                return "MemoryPort[" + address + (stopped[0] ? ", stopped" : "") + "]";
            }
        };
        opened.add(new Opened(listening, () -> !stopped[0], creationSite("listenTCP")));
        return listening;
    }

    private static Throwable creationSite(String what) {
        return Deferred.isDebugging() ? new Throwable(what) : null;
    }

    /**
     * What a finished test left behind: pending delayed calls and ports still listening (each
     * with where it was created, when debugging was on then). Connection attempts are not
     * counted: here they are records the test drives by hand, not open sockets.
     *
     * @return the leftovers; empty when clean
     */
    @Override
    public List<Leftover> leftovers() {
        List<Leftover> out = new ArrayList<>(clock.leftovers());
        for (Opened o : opened) {
            if (o.open().getAsBoolean()) {
                out.add(new Leftover(o.thing().toString(), o.creation()));
            }
        }
        return out;
    }

    /**
     * Records the call, calls the factory's {@code startedConnecting}, and returns a connector that
     * stays {@code CONNECTING} until the test decides. Its {@code stopConnecting} reports a
     * {@link ConnectingCancelledException} to the factory, as a real connector does.
     */
    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress) {
        Objects.requireNonNull(factory, "factory");
        MemoryConnector c = new MemoryConnector(host, port, factory);
        tcpClients.add(new TcpClient(host, port, factory, timeout, bindAddress, c));
        factory.startedConnecting(c);
        return c;
    }

    /**
     * The resolver given to {@code HostnameEndpoint}s built from endpoint strings; by default it
     * resolves numeric addresses only and fails for names.
     *
     * @return the resolver
     */
    @Override
    public HostResolver hostResolver() {
        return hostResolver;
    }

    /**
     * Sets the resolver {@link #hostResolver()} returns, e.g. one that answers a name with
     * several addresses to test happy eyeballs.
     *
     * @param resolver the resolver
     */
    public void setHostResolver(HostResolver resolver) {
        this.hostResolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * The recorded {@code listenTCP} calls, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<TcpServer> getTcpServers() {
        return Collections.unmodifiableList(tcpServers);
    }

    /**
     * The recorded {@code connectTCP} calls, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<TcpClient> getTcpClients() {
        return Collections.unmodifiableList(tcpClients);
    }

    /**
     * The fake clock behind {@link #seconds()} and {@link #callLater}.
     *
     * @return the clock; advance it to run due calls
     */
    public Clock getClock() {
        return clock;
    }

    @Override
    public double seconds() {
        return clock.seconds();
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        return clock.callLater(delay, fn);
    }

    /**
     * Moves the clock; the same as {@code getClock().advance(amount)}.
     *
     * @param amount how far
     */
    public void advance(Duration amount) {
        clock.advance(amount);
    }

    /** A connector that only records state changes. */
    private static final class MemoryConnector implements Connector {
        private final String host;
        private final int port;
        private final ClientFactory factory;
        private State state = State.CONNECTING;

        MemoryConnector(String host, int port, ClientFactory factory) {
            this.host = host;
            this.port = port;
            this.factory = factory;
        }

        @Override
        public void connect() {
            if (state != State.DISCONNECTED) {
                throw new IllegalStateException("cannot connect: connector is " + state);
            }
            state = State.CONNECTING;
            factory.startedConnecting(this);
        }

        @Override
        public void stopConnecting() {
            if (state != State.CONNECTING) {
                throw new IllegalStateException("stopConnecting: connector is " + state + ", not connecting");
            }
            state = State.DISCONNECTED;
            factory.clientConnectionFailed(this, new ConnectingCancelledException(getDestination()));
        }

        @Override
        public void disconnect() {
            if (state == State.CONNECTING) {
                stopConnecting();
            }
            state = State.DISCONNECTED;
        }

        @Override
        public Address getDestination() {
            return host.indexOf(':') >= 0 ? new IPv6Address(host, port) : new IPv4Address(host, port);
        }

        @Override
        public State getState() {
            return state;
        }

        @Override
        public String toString() {
            return "MemoryConnector[" + host + ":" + port + ", " + state + "]";
        }
    }
}
