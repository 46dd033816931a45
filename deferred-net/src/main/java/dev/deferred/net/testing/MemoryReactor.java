package dev.deferred.net.testing;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.Leftovers;
import dev.deferred.ReactorTime;
import dev.deferred.net.process.ProcessProtocol;
import dev.deferred.net.process.ProcessTransport;
import dev.deferred.net.process.ReactorProcess;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.IPv6Address;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.UNIXAddress;
import dev.deferred.net.tcp.HostResolver;
import dev.deferred.net.tcp.ReactorTCP;
import dev.deferred.net.udp.DatagramProtocol;
import dev.deferred.net.udp.DatagramTransport;
import dev.deferred.net.udp.ReactorUDP;
import dev.deferred.net.unix.ReactorUNIX;
import dev.deferred.reactor.Clock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reactor that records {@link #listenTCP}, {@link #connectTCP}, {@link #listenUNIX},
 * {@link #connectUNIX}, {@link #listenUDP} and {@link #spawnProcess} calls instead of opening
 * sockets or starting processes, with a deterministic {@link Clock} for time (Twisted's
 * {@code MemoryReactorClock}).
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
public final class MemoryReactor implements ReactorTCP, ReactorUNIX, ReactorUDP, ReactorProcess, ReactorTime, Leftovers {

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

    /**
     * A recorded {@code listenUNIX} call.
     *
     * @param path the socket path given
     * @param factory the factory given
     * @param backlog the backlog given
     * @param mode the mode given
     * @param wantPID whether a lock file was asked for
     */
    public record UnixServer(String path, Factory factory, int backlog, int mode, boolean wantPID) {
    }

    /**
     * A recorded {@code connectUNIX} call.
     *
     * @param path the socket path given
     * @param factory the factory given
     * @param timeout the timeout given
     * @param checkPID whether the lock was to be checked
     * @param connector the connector returned
     */
    public record UnixClient(String path, ClientFactory factory, Duration timeout, boolean checkPID,
            Connector connector) {
    }

    /**
     * A recorded {@code listenUDP} or {@code listenMulticast} call.
     *
     * @param port the port asked for
     * @param protocol the protocol given (already attached to {@code transport})
     * @param iface the interface given
     * @param maxPacketSize the maximum packet size given
     * @param transport the fake port returned, which records writes
     */
    public record UdpPort(int port, DatagramProtocol protocol, String iface, int maxPacketSize,
            MemoryDatagramTransport transport) {
    }

    /**
     * A recorded {@code spawnProcess} call.
     *
     * @param protocol the protocol given (already connected to {@code transport})
     * @param command the command given
     * @param env the environment given, or null
     * @param path the working directory given, or null
     * @param transport the fake child returned; end it with {@code exit} or {@code kill}
     */
    public record SpawnedProcess(ProcessProtocol protocol, List<String> command, Map<String, String> env, Path path,
            MemoryProcessTransport transport) {
    }

    private final Clock clock = new Clock();
    private final List<UnixServer> unixServers = new ArrayList<>();
    private final List<UnixClient> unixClients = new ArrayList<>();
    private final List<UdpPort> udpPorts = new ArrayList<>();
    private final List<SpawnedProcess> processes = new ArrayList<>();
    private long nextPid = 1000;
    private final List<TcpServer> tcpServers = new ArrayList<>();
    private final List<TcpClient> tcpClients = new ArrayList<>();
    /** Every port handed out, with where (in debug mode), for leftovers(). */
    private final List<Opened> opened = new ArrayList<>();

    /** A port handed out; {@code open} says whether it still counts as a leftover. */
    private record Opened(Object thing, java.util.function.BooleanSupplier open, Throwable creation) {}
    private int nextEphemeral = 49152;
    /** Numeric addresses only, until a test sets another. */
    private HostResolver hostResolver = host -> {
        if (!dev.deferred.net.protocol.Address.isNumeric(host)) {
            return Deferred.fail(new dev.deferred.net.protocol.ConnectFailedException("MemoryReactor cannot resolve \""
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
        MemoryConnector c = new MemoryConnector(
                host.indexOf(':') >= 0 ? new IPv6Address(host, port) : new IPv4Address(host, port), factory);
        tcpClients.add(new TcpClient(host, port, factory, timeout, bindAddress, c));
        factory.startedConnecting(c);
        return c;
    }

    /** Records the call and returns a port that does nothing but report {@code path} as its host. */
    @Override
    public ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        unixServers.add(new UnixServer(path, factory, backlog, mode, wantPID));
        UNIXAddress address = new UNIXAddress(path);
        return new ListeningPort() {
            @Override
            public Address getHost() {
                return address;
            }

            @Override
            public Deferred<Void> stopListening() {
                return Deferred.succeed(null);
            }

            @Override
            public String toString() {
                return "MemoryUnixPort[" + path + "]";
            }
        };
    }

    /** Records the call and calls the factory's {@code startedConnecting}, as {@link #connectTCP} does. */
    @Override
    public Connector connectUNIX(String path, ClientFactory factory, Duration timeout, boolean checkPID) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        MemoryConnector c = new MemoryConnector(new UNIXAddress(path), factory);
        unixClients.add(new UnixClient(path, factory, timeout, checkPID, c));
        factory.startedConnecting(c);
        return c;
    }

    /**
     * Records the call and attaches the protocol to a {@link MemoryDatagramTransport} (its
     * {@code startProtocol} runs); port 0 is given a made-up port number as in {@link #listenTCP}.
     */
    @Override
    public DatagramTransport listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
        Objects.requireNonNull(protocol, "protocol");
        int actual = port == 0 ? nextEphemeral++ : port;
        String host = iface == null || iface.isEmpty() ? "0.0.0.0" : iface;
        Address address = host.indexOf(':') >= 0 ? new IPv6Address(host, actual) : new IPv4Address(host, actual);
        MemoryDatagramTransport t = new MemoryDatagramTransport(protocol, (dev.deferred.net.protocol.IPAddress) address,
                maxPacketSize);
        udpPorts.add(new UdpPort(port, protocol, iface, maxPacketSize, t));
        protocol.makeConnection(t);
        return t;
    }

    /** The same as {@link #listenUDP}; {@code listenMultiple} is not recorded. */
    @Override
    public DatagramTransport listenMulticast(int port, DatagramProtocol protocol, String iface, int maxPacketSize,
            boolean listenMultiple) {
        return listenUDP(port, protocol, iface, maxPacketSize);
    }

    /**
     * Records the call and connects the protocol to a {@link MemoryProcessTransport} with a
     * made-up pid (from 1000 up); nothing is started.
     */
    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> command, Map<String, String> env,
            Path path) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("spawnProcess: the command is empty");
        }
        MemoryProcessTransport t = new MemoryProcessTransport(protocol, nextPid++);
        processes.add(new SpawnedProcess(protocol, List.copyOf(command), env, path, t));
        protocol.makeConnection(t);
        return t;
    }

    /**
     * The recorded {@code listenUNIX} calls, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<UnixServer> getUnixServers() {
        return Collections.unmodifiableList(unixServers);
    }

    /**
     * The recorded {@code connectUNIX} calls, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<UnixClient> getUnixClients() {
        return Collections.unmodifiableList(unixClients);
    }

    /**
     * The recorded {@code listenUDP} and {@code listenMulticast} calls, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<UdpPort> getUdpPorts() {
        return Collections.unmodifiableList(udpPorts);
    }

    /**
     * The recorded {@code spawnProcess} calls, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<SpawnedProcess> getProcesses() {
        return Collections.unmodifiableList(processes);
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
        private final Address destination;
        private final ClientFactory factory;
        private State state = State.CONNECTING;

        MemoryConnector(Address destination, ClientFactory factory) {
            this.destination = destination;
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
            return destination;
        }

        @Override
        public State getState() {
            return state;
        }

        @Override
        public String toString() {
            return "MemoryConnector[" + destination + ", " + state + "]";
        }
    }
}
