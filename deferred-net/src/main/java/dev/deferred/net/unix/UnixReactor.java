package dev.deferred.net.unix;

import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.tcp.ReactorTCP;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.Phase;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.ReactorFDSet;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * UNIX-domain stream sockets (JDK 16+) over a {@link TcpReactor}: {@link #listenUNIX} and
 * {@link #connectUNIX}, Twisted's {@code reactor.listenUNIX} / {@code reactor.connectUNIX}. The
 * connections are the TCP layer's own transport ({@link TcpReactor#adoptStreamConnection}), so
 * flow control, half-close and shutdown behave exactly as over TCP. It also offers TCP (delegated
 * to the {@code TcpReactor}), so one object serves every stream endpoint string,
 * {@code tcp:} and {@code unix:} alike.
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * UnixReactor unix = new UnixReactor(new TcpReactor(reactor));
 * unix.listenUNIX("/tmp/echo.sock", Factory.forProtocol(Echo::new));
 * reactor.run();
 * }</pre>
 *
 * <p>When the reactor shuts down, its ports stop listening (their socket files are removed) and
 * attempts still connecting fail; open connections are closed by the {@code TcpReactor}.
 */
public final class UnixReactor implements ReactorUNIX, ReactorTCP {

    final TcpReactor tcp;
    final Reactor reactor;
    final ReactorFDSet fds;
    /** Open ports and attempts, closed at shutdown. Reactor thread only (or before it runs). */
    private final Set<UnixPort> ports = new LinkedHashSet<>();
    private final Set<UnixConnector> connecting = new LinkedHashSet<>();

    /**
     * UNIX sockets on the reactor of {@code tcp}.
     *
     * @param tcp the TCP layer whose transport the connections use
     * @throws NullPointerException if {@code tcp} is null
     */
    public UnixReactor(TcpReactor tcp) {
        this.tcp = Objects.requireNonNull(tcp, "tcp");
        this.reactor = tcp.reactor();
        // A TcpReactor is only ever built on a reactor that watches channels.
        this.fds = (ReactorFDSet) reactor;
        reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> {
            for (UnixPort p : List.copyOf(ports)) {
                p.stopListening();
            }
            for (UnixConnector c : List.copyOf(connecting)) {
                c.reactorShutdown();
            }
            return null;
        });
    }

    /**
     * The TCP layer underneath.
     *
     * @return the TCP reactor
     */
    public TcpReactor tcp() {
        return tcp;
    }

    @Override
    public ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID)
            throws CannotListenException {
        Objects.requireNonNull(factory, "factory");
        checkPath("listenUNIX", path);
        if (backlog < 1) {
            throw new IllegalArgumentException("listenUNIX: backlog must be at least 1, got " + backlog);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("listenUNIX: mode " + Integer.toOctalString(mode)
                    + " (octal) is outside 0..7777");
        }
        checkThread("listenUNIX");
        UnixPort p = new UnixPort(this, factory, path, backlog, mode, wantPID);
        p.startListening();
        return p;
    }

    @Override
    public Connector connectUNIX(String path, ClientFactory factory, Duration timeout, boolean checkPID) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(timeout, "timeout");
        checkPath("connectUNIX", path);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connectUNIX: timeout must be positive, got " + timeout);
        }
        checkThread("connectUNIX");
        UnixConnector c = new UnixConnector(this, path, factory, timeout, checkPID);
        c.connect();
        return c;
    }

    @Override
    public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) throws CannotListenException {
        return tcp.listenTCP(port, factory, backlog, iface);
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress) {
        return tcp.connectTCP(host, port, factory, timeout, bindAddress);
    }

    /** Rejects what the kernel would: an empty path, or one longer than {@code sun_path}. */
    static void checkPath(String what, String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException(what + ": the socket path is empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": the socket path contains a NUL character"
                    + " (abstract-namespace sockets are not supported)");
        }
        Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        int bytes = path.getBytes(cs).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IllegalArgumentException(what + ": the socket path is " + bytes + " bytes long, the limit is "
                    + MAX_PATH_BYTES + " (use a shorter directory, or a relative path): " + path);
        }
    }

    void opened(UnixPort p) {
        ports.add(p);
    }

    void closed(UnixPort p) {
        ports.remove(p);
    }

    void attempting(UnixConnector c, boolean on) {
        if (on) {
            connecting.add(c);
        } else {
            connecting.remove(c);
        }
    }

    /** Protocol code runs on the loop; before the loop runs there is no other thread to race. */
    void checkThread(String what) {
        if (reactor.isRunning() && !reactor.isOnReactorTurn()) {
            throw new IllegalStateException(what + " must be called on the reactor thread while the reactor runs;"
                    + " wrap the call in reactor.callFromThread(...)");
        }
    }
}
