package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.ReactorTime;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.ReactorTCP;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.net.tls.TlsClientEndpoint;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsServerEndpoint;
import dev.deferred.net.unix.ReactorUNIX;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Endpoint helpers (Twisted's {@code endpoints} module functions): {@link #connectProtocol} and
 * the endpoint description strings.
 *
 * <p>Strings are colon-separated: the type ({@code tcp}, {@code tcp6}, {@code ssl}, {@code unix}, or for clients
 * {@code hostname}), then positional values
 * and {@code key=value} pairs. A literal colon (in an IPv6 address) is written {@code \:}.
 *
 * <pre>{@code
 * serverFromString(tcp, "tcp:8080")                                 // all IPv4 interfaces, port 8080
 * serverFromString(tcp, "tcp:port=8080:interface=127.0.0.1:backlog=10")
 * serverFromString(tcp, "tcp6:port=0:interface=\\:\\:1")            // ::1, ephemeral port
 * clientFromString(tcp, "tcp:host=localhost:port=8080:timeout=5")
 * clientFromString(tcp, "tcp:localhost:8080")
 * clientFromString(tcp, "hostname:host=example.org:port=443")       // happy eyeballs over every address
 * serverFromString(tcp, "ssl:8443:privateKey=key.pem:certKey=cert.pem")  // TLS
 * clientFromString(tcp, "ssl:host=localhost:port=8443:trustRoots=ca.pem")
 * serverFromString(unix, "unix:/tmp/app.sock:mode=660:lockfile=1")   // a UnixReactor
 * clientFromString(unix, "unix:path=/tmp/app.sock:timeout=5")
 * }</pre>
 */
public final class Endpoints {
    private Endpoints() {
    }

    /**
     * Connects {@code endpoint} and hands it the already-built {@code protocol} (Twisted's
     * {@code connectProtocol}).
     *
     * <pre>{@code
     * Greeter g = new Greeter();
     * Endpoints.connectProtocol(endpoint, g).addCallback(p -> p.greet());
     * }</pre>
     *
     * @param endpoint where to connect
     * @param protocol the protocol to connect (used for one connection only)
     * @param <P> its type
     * @return fires with {@code protocol} after its {@code connectionMade}, or fails as
     *     {@link ClientEndpoint#connect} does
     */
    @SuppressWarnings("unchecked")
    public static <P extends Protocol> Deferred<P> connectProtocol(ClientEndpoint endpoint, P protocol) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(protocol, "protocol");
        return endpoint.connect(Factory.forProtocol(() -> protocol)).addCallback(p -> (P) p);
    }

    /**
     * Parses a server endpoint description: {@code tcp:PORT} or {@code tcp:port=PORT} with optional
     * {@code interface=ADDRESS} (numeric: a name is refused, since looking it up would block the
     * reactor thread) and {@code backlog=N}; {@code tcp6:} the same over IPv6 (default
     * interface {@code ::})
; {@code unix:PATH} (or {@code address=PATH}) with optional
     * {@code mode=OCTAL} (default 666), {@code backlog=N} (default 50) and {@code lockfile=0|1}
     * (default 1, as in Twisted), which needs a reactor that is also a {@link ReactorUNIX}.
     *
     * <p>{@code ssl:} is a TLS server over IPv4 (Twisted's syntax): the {@code tcp} parameters
     * plus {@code privateKey=KEY.pem} (required; PKCS#8, or PKCS#1 RSA), {@code certKey=CERT.pem}
     * (default: the private key's file), {@code extraCertChain=CHAIN.pem} (intermediates) and
     * {@code alpn=h2,http/1.1} (ours: the ALPN protocols accepted, most preferred first).
     *
     * @param reactor the reactor the endpoint listens with
     * @param description the description
     * @return the endpoint
     * @throws IllegalArgumentException naming the bad part of a malformed description
     */
    public static ServerEndpoint serverFromString(ReactorTCP reactor, String description) {
        Objects.requireNonNull(reactor, "reactor");
        if (typeOf(description, "server").equals("unix")) {
            return unixServer(reactor, description);
        }
        Parsed p = parse(description, Set.of("port", "interface", "backlog"), List.of("port"), "server");
        int port = p.integer("port", 0, 65535, null);
        int backlog = p.integer("backlog", 1, Integer.MAX_VALUE, 50);
        if (p.type.equals("ssl")) {
            String key = p.values.get("privateKey");
            if (key == null || key.isEmpty()) {
                throw p.error("the private key is missing (add privateKey=KEY.pem)");
            }
            String cert = p.values.getOrDefault("certKey", key); // as Twisted: key and certificate may share a file
            String extra = p.values.get("extraCertChain");
            TlsOptions options;
            try {
                options = extra == null ? TlsOptions.server(Path.of(key), Path.of(cert))
                        : TlsOptions.server(Path.of(key), Path.of(cert), Path.of(extra));
            } catch (IllegalArgumentException e) {
                throw p.error(e.getMessage());
            }
            options = withAlpn(p, options);
            return new TlsServerEndpoint(tcpServer(reactor, p, port, backlog, false), options);
        }
        return tcpServer(reactor, p, port, backlog, p.type.equals("tcp6"));
    }

    /** The TCP server endpoint of a parsed description; a bad interface is named with the description. */
    private static ServerEndpoint tcpServer(ReactorTCP reactor, Parsed p, int port, int backlog, boolean v6) {
        try {
            return v6 ? new TCP6ServerEndpoint(reactor, port, backlog, p.values.getOrDefault("interface", "::"))
                    : new TCP4ServerEndpoint(reactor, port, backlog, p.values.getOrDefault("interface", ""));
        } catch (IllegalArgumentException e) {
            throw p.error(e.getMessage()); // a bad interface
        }
    }

    /**
     * Parses a client endpoint description: {@code tcp:host=HOST:port=PORT} (or positionally
     * {@code tcp:HOST:PORT}) with an optional {@code timeout=SECONDS} (default 30) and an optional
     * {@code bindAddress=ADDRESS}, a numeric local address to connect from on a port the system
     * picks (as in Twisted); {@code tcp6:} the same over IPv6; {@code unix:path=PATH} (or
     * {@code unix:PATH}) with optional {@code timeout=SECONDS} (default 30) and {@code lockfile=0|1}
     * (default 0: check that a live server holds the lock file), which needs a reactor that is also
     * a {@link ReactorUNIX}.
     *
     * <p>{@code hostname:} (ours; Twisted has no string for it) is a {@link HostnameEndpoint}: the
     * {@code tcp} parameters plus {@code attemptDelay=MILLISECONDS} (default 250); it resolves
     * the host to all its addresses and races staggered attempts, and {@code timeout} bounds the
     * whole connect.
     *
     * <p>{@code ssl:} is a TLS client over IPv4: the {@code tcp} parameters plus
     * {@code trustRoots=CA.pem} or {@code caCertsDir=DIR} (the certificates to trust; default:
     * the JDK's trust store) and {@code alpn=h2,http/1.1} (ours). The server's certificate must
     * name {@code host} (hostname verification is always on). The connect fires after the
     * handshake; {@code timeout} bounds the TCP connect and, again, the handshake.
     *
     * @param reactor the reactor the endpoint connects with
     * @param description the description
     * @return the endpoint
     * @throws IllegalArgumentException naming the bad part of a malformed description
     */
    public static ClientEndpoint clientFromString(ReactorTCP reactor, String description) {
        Objects.requireNonNull(reactor, "reactor");
        if (typeOf(description, "client").equals("unix")) {
            return unixClient(reactor, description);
        }
        Parsed p = parse(description, Set.of("host", "port", "timeout", "bindAddress"), List.of("host", "port"),
                "client");
        String host = p.values.get("host");
        if (host == null || host.isEmpty()) {
            throw p.error("the host is missing (add host=NAME)");
        }
        int port = p.integer("port", 1, 65535, null);
        Duration timeout = Duration.ofSeconds(30);
        String t = p.values.get("timeout");
        if (t != null) {
            double seconds;
            try {
                seconds = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw p.error("timeout \"" + t + "\" is not a number of seconds");
            }
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw p.error("timeout " + t + " must be a positive number of seconds");
            }
            timeout = Duration.ofNanos((long) (seconds * 1e9));
            if (timeout.isZero()) {
                throw p.error("timeout " + t + " is shorter than a nanosecond");
            }
        }
        InetSocketAddress bindAddress = null;
        String b = p.values.get("bindAddress");
        if (b != null) {
            try {
                bindAddress = new InetSocketAddress(Address.parseNumeric(b), 0); // no lookup
            } catch (IllegalArgumentException e) {
                throw p.error("bindAddress " + e.getMessage());
            }
        }
        if (p.type.equals("hostname")) {
            ReactorTime clock = clockOf(reactor);
            if (clock == null) {
                throw p.error("the reactor " + reactor + " has no clock for the attempts; build a HostnameEndpoint directly");
            }
            Duration delay = HostnameEndpoint.DEFAULT_ATTEMPT_DELAY;
            String ms = p.values.get("attemptDelay");
            if (ms != null) {
                delay = Duration.ofMillis(p.integer("attemptDelay", 1, Integer.MAX_VALUE, null));
            }
            return new HostnameEndpoint(reactor, clock, reactor.hostResolver(), host, port, timeout, delay, bindAddress);
        }
        if (p.type.equals("ssl")) {
            String roots = p.values.get("trustRoots");
            String dir = p.values.get("caCertsDir");
            if (roots != null && dir != null) {
                throw p.error("give trustRoots or caCertsDir, not both");
            }
            TlsOptions options;
            try {
                options = roots != null ? TlsOptions.client(host, Path.of(roots))
                        : dir != null ? TlsOptions.client(host, Path.of(dir)) : TlsOptions.client(host);
            } catch (IllegalArgumentException e) {
                throw p.error(e.getMessage());
            }
            options = withAlpn(p, options);
            ReactorTime clock = clockOf(reactor);
            ClientEndpoint tcp = new TCP4ClientEndpoint(reactor, host, port, timeout, bindAddress);
            // The timeout bounds the handshake too, when the reactor has a clock.
            return clock == null ? new TlsClientEndpoint(tcp, options) : new TlsClientEndpoint(tcp, options, clock, timeout);
        }
        if (p.type.equals("tcp")) {
            return new TCP4ClientEndpoint(reactor, host, port, timeout, bindAddress);
        }
        return new TCP6ClientEndpoint(reactor, host, port, timeout, bindAddress);
    }

    /** The reactor's clock: itself if it keeps time (a MemoryReactor), a TcpReactor's reactor, or null. */
    private static ReactorTime clockOf(ReactorTCP reactor) {
        return reactor instanceof ReactorTime rt ? rt : reactor instanceof TcpReactor tr ? tr.reactor() : null;
    }

    private static TlsOptions withAlpn(Parsed p, TlsOptions options) {
        String alpn = p.values.get("alpn");
        if (alpn == null) {
            return options;
        }
        try {
            return options.withAlpn(alpn.split(",", -1));
        } catch (IllegalArgumentException e) {
            throw p.error("alpn \"" + alpn + "\": " + e.getMessage() + " (e.g. alpn=h2,http/1.1)");
        }
    }

    /** The keys each TLS type takes besides the TCP ones. */
    private static final Set<String> SSL_SERVER_KEYS = Set.of("privateKey", "certKey", "extraCertChain", "alpn");
    private static final Set<String> SSL_CLIENT_KEYS = Set.of("trustRoots", "caCertsDir", "alpn");

    private static String typeOf(String description, String kind) {
        Objects.requireNonNull(description, "description");
        return split(description, kind).get(0);
    }

    private static ReactorUNIX unixReactor(Object reactor, Parsed p) {
        if (reactor instanceof ReactorUNIX u) {
            return u;
        }
        throw p.error("this reactor (" + reactor.getClass().getSimpleName() + ") has no UNIX sockets;"
                + " pass a UnixReactor, e.g. new UnixReactor(tcp)");
    }

    private static ServerEndpoint unixServer(ReactorTCP reactor, String description) {
        Parsed p = parse(description, Set.of("address", "mode", "backlog", "lockfile"), List.of("address"), "server");
        String path = p.values.get("address");
        if (path == null || path.isEmpty()) {
            throw p.error("the socket path is missing (e.g. unix:/tmp/app.sock)");
        }
        int mode = 0666;
        String m = p.values.get("mode");
        if (m != null) {
            try {
                mode = Integer.parseInt(m, 8);
            } catch (NumberFormatException e) {
                throw p.error("mode \"" + m + "\" is not an octal number (e.g. mode=660)");
            }
            if (mode < 0 || mode > 07777) {
                throw p.error("mode " + m + " is outside 0..7777 (octal)");
            }
        }
        int backlog = p.integer("backlog", 1, Integer.MAX_VALUE, 50);
        boolean lockfile = p.integer("lockfile", 0, 1, 1) == 1;
        return new UNIXServerEndpoint(unixReactor(reactor, p), path, backlog, mode, lockfile);
    }

    private static ClientEndpoint unixClient(ReactorTCP reactor, String description) {
        Parsed p = parse(description, Set.of("path", "timeout", "lockfile"), List.of("path"), "client");
        String path = p.values.get("path");
        if (path == null || path.isEmpty()) {
            throw p.error("the socket path is missing (add path=/tmp/app.sock)");
        }
        Duration timeout = p.seconds("timeout", Duration.ofSeconds(30));
        boolean checkPID = p.integer("lockfile", 0, 1, 0) == 1;
        return new UNIXClientEndpoint(unixReactor(reactor, p), path, timeout, checkPID);
    }

    /** A split description: its type and its parameters by name. */
    private record Parsed(String description, String kind, String type, Map<String, String> values) {
        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad " + kind + " endpoint \"" + description + "\": " + what);
        }

        Duration seconds(String key, Duration dflt) {
            String t = values.get(key);
            if (t == null) {
                return dflt;
            }
            double s;
            try {
                s = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw error(key + " \"" + t + "\" is not a number of seconds");
            }
            if (!(s > 0) || Double.isInfinite(s)) {
                throw error(key + " " + t + " must be a positive number of seconds");
            }
            return Duration.ofNanos((long) (s * 1e9));
        }

        int integer(String key, int min, int max, Integer dflt) {
            String v = values.get(key);
            if (v == null) {
                if (dflt == null) {
                    throw error("the " + key + " is missing (add " + key + "=N)");
                }
                return dflt;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw error(key + " \"" + v + "\" is not a number");
            }
            if (n < min || n > max) {
                throw error(key + " " + n + " is outside " + min + ".." + max);
            }
            return n;
        }
    }

    private static Parsed parse(String description, Set<String> keys, List<String> positional, String kind) {
        Objects.requireNonNull(description, "description");
        List<String> parts = split(description, kind);
        String type = parts.get(0);
        boolean client = kind.equals("client");
        if (!type.equals("tcp") && !type.equals("tcp6") && !type.equals("ssl") && !type.equals("unix") && !(client && type.equals("hostname"))) {
            throw new IllegalArgumentException("bad " + kind + " endpoint \"" + description + "\": unknown type \""
                    + type + "\" (supported: tcp, tcp6, ssl, unix" + (client ? ", hostname" : "") + ")");
        }
        if (type.equals("hostname")) {
            keys = Set.of("host", "port", "timeout", "bindAddress", "attemptDelay");
        }
        if (type.equals("ssl")) {
            Set<String> all = new java.util.HashSet<>(keys);
            all.addAll(kind.equals("server") ? SSL_SERVER_KEYS : SSL_CLIENT_KEYS);
            keys = Set.copyOf(all);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Parsed parsed = new Parsed(description, kind, type, values);
        int nextPositional = 0;
        for (String part : parts.subList(1, parts.size())) {
            int eq = part.indexOf('=');
            String key;
            String value;
            if (eq < 0) {
                if (nextPositional >= positional.size()) {
                    throw parsed.error("unexpected value \"" + part + "\" (a " + type + " " + kind
                            + " takes at most " + positional.size() + " positional value(s): " + positional + ")");
                }
                key = positional.get(nextPositional++);
                value = part;
                if (values.containsKey(key)) {
                    throw parsed.error("unexpected value \"" + part + "\" (it would be the " + key + ", which is"
                            + " already given as " + key + "=" + values.get(key) + ")");
                }
            } else {
                key = part.substring(0, eq);
                value = part.substring(eq + 1);
                if (!keys.contains(key)) {
                    throw parsed.error("unknown parameter \"" + key + "\" (expected one of " + keys + ")");
                }
            }
            if (values.putIfAbsent(key, value) != null) {
                throw parsed.error(key + " is given twice");
            }
        }
        return parsed;
    }

    /** Splits on unescaped colons; {@code \x} stands for {@code x}. */
    private static List<String> split(String description, String kind) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c == '\\') {
                if (i + 1 == description.length()) {
                    throw new IllegalArgumentException("bad " + kind + " endpoint \"" + description
                            + "\": it ends with a lone backslash");
                }
                cur.append(description.charAt(++i));
            } else if (c == ':') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        if (parts.get(0).isEmpty()) {
            throw new IllegalArgumentException("bad " + kind + " endpoint \"" + description
                    + "\": the type is missing (start with tcp: or tcp6:)");
        }
        return parts;
    }
}
