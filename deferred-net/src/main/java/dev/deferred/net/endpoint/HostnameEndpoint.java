package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectTimeoutException;
import dev.deferred.net.protocol.ConnectingCancelledException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.IPv6Address;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.HostResolver;
import dev.deferred.net.tcp.ReactorTCP;
import dev.deferred.net.tcp.TcpReactor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A client endpoint for a host name that connects the way browsers do (Twisted's
 * {@code HostnameEndpoint}, RFC 8305 "happy eyeballs"): it resolves the name off the reactor
 * thread to all its addresses, alternates IPv6 and IPv4 ones, and starts one connection attempt
 * every {@code attemptDelay} (250 ms by default), or at once when the previous attempt fails; the
 * first attempt to connect wins and the others are cancelled. The whole connect fails with a
 * {@link ConnectTimeoutException} after {@code timeout}.
 *
 * <pre>{@code
 * ClientEndpoint ep = new HostnameEndpoint(tcp, "example.org", 443);
 * ep.connect(Factory.forProtocol(Greeter::new));
 * Endpoints.clientFromString(tcp, "hostname:host=example.org:port=443:timeout=10");   // the same, as a string
 * }</pre>
 *
 * <p>Call {@link #connect} on the reactor thread (or before the reactor runs). Time is the given
 * clock's, so a test drives the staggering with a fake {@code Clock} (a {@code MemoryReactor}).
 */
public final class HostnameEndpoint implements ClientEndpoint {
    /** RFC 8305's recommended "Connection Attempt Delay". */
    public static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(250);

    private final ReactorTCP reactor;
    private final ReactorTime clock;
    private final HostResolver resolver;
    private final String host;
    private final int port;
    private final Duration timeout;
    private final Duration attemptDelay;
    private final InetSocketAddress bindAddress;

    /**
     * Connects to {@code host:port} on a TCP reactor with its resolver and clock, a 30-second
     * timeout and 250 ms between attempts.
     *
     * @param tcp the reactor
     * @param host a host name or a numeric address
     * @param port the port, 1 to 65535
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public HostnameEndpoint(TcpReactor tcp, String host, int port) {
        this(tcp, tcp.reactor(), tcp.hostResolver(), host, port, Duration.ofSeconds(30), DEFAULT_ATTEMPT_DELAY, null);
    }

    /**
     * Connects to {@code host:port} with every part given: how to connect, whose clock staggers
     * and times out, how names resolve.
     *
     * @param reactor connects each attempt
     * @param clock times the attempts and the timeout
     * @param resolver resolves {@code host}
     * @param host a host name or a numeric address
     * @param port the port, 1 to 65535
     * @param timeout how long the whole connect may take; positive
     * @param attemptDelay how long to wait before starting the next attempt while one is pending;
     *     positive
     * @param bindAddress the local address to connect from, or null
     * @throws IllegalArgumentException if {@code port} is out of range or a duration is not positive
     */
    public HostnameEndpoint(ReactorTCP reactor, ReactorTime clock, HostResolver resolver, String host, int port,
            Duration timeout, Duration attemptDelay, InetSocketAddress bindAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.host = Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        TcpClientConnect.checkPort(port, 1);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (attemptDelay.isNegative() || attemptDelay.isZero()) {
            throw new IllegalArgumentException("attemptDelay must be positive, got " + attemptDelay);
        }
        this.port = port;
        this.timeout = timeout;
        this.attemptDelay = attemptDelay;
        this.bindAddress = bindAddress;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fails with the resolver's {@link ConnectFailedException} if the name does not resolve,
     * with a {@link ConnectTimeoutException} after the timeout, or, when every address failed,
     * with the last attempt's failure (the others attached as suppressed). Cancelling cancels the
     * lookup, every attempt and every timer.
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        return new Race(factory).start();
    }

    @Override
    public String toString() {
        return "HostnameEndpoint[" + host + ":" + port + "]";
    }

    /** RFC 8305 section 4: alternate the families, starting with the first answer's. */
    static List<InetAddress> interleave(List<InetAddress> all) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress a : all) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        boolean sixFirst = !all.isEmpty() && all.get(0) instanceof Inet6Address;
        List<InetAddress> first = sixFirst ? v6 : v4;
        List<InetAddress> second = sixFirst ? v4 : v6;
        List<InetAddress> out = new ArrayList<>(all.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    /** One connect: the lookup, the staggered attempts, the timers. Reactor thread only. */
    private final class Race {
        private final Factory factory;
        private final Deferred<Protocol> result = new Deferred<>(d -> cancelled());
        private Deferred<List<InetAddress>> resolving;
        private List<InetAddress> addresses = List.of();
        private int next;
        /** Attempts started and not finished. */
        private final List<Deferred<Protocol>> pending = new ArrayList<>();
        private final List<Throwable> failures = new ArrayList<>();
        private DelayedCall stagger;
        private DelayedCall deadline;
        /** The race is decided: every later event is ignored. */
        private boolean over;

        Race(Factory factory) {
            this.factory = factory;
        }

        Deferred<Protocol> start() {
            deadline = clock.callLater(timeout, () -> lose(new ConnectTimeoutException("connecting to " + host + ":"
                    + port + " timed out after " + timeout + " (" + next + " of " + addresses.size()
                    + " address(es) tried)")));
            resolving = resolver.resolve(host);
            resolving.addCallbacks(all -> {
                resolved(all);
                return null;
            }, e -> {
                lose(e);
                return null;
            });
            return result;
        }

        private void resolved(List<InetAddress> all) {
            if (over) {
                return;
            }
            addresses = interleave(all);
            if (addresses.isEmpty()) {
                lose(new ConnectFailedException("host " + host + " resolved to no address"));
                return;
            }
            startNext();
        }

        private void startNext() {
            if (stagger != null && stagger.active()) {
                stagger.cancel();
            }
            stagger = null;
            if (over || next >= addresses.size()) {
                return;
            }
            InetAddress address = addresses.get(next++);
            Deferred<Protocol> attempt = TcpClientConnect.connect(reactor, address.getHostAddress(), port, timeout,
                    bindAddress, factory);
            pending.add(attempt);
            attempt.addCallbacks(p -> {
                pending.remove(attempt);
                won(p);
                return null;
            }, e -> {
                pending.remove(attempt);
                attemptFailed(address, e);
                return null;
            });
            if (!over && next < addresses.size() && pending.contains(attempt)) {
                stagger = clock.callLater(attemptDelay, this::startNext);
            }
        }

        private void attemptFailed(InetAddress address, Throwable e) {
            if (over) {
                return;
            }
            failures.add(e);
            if (next < addresses.size()) {
                startNext(); // RFC 8305: a failure starts the next attempt without waiting
            } else if (pending.isEmpty()) {
                Throwable last = failures.get(failures.size() - 1);
                for (Throwable f : failures.subList(0, failures.size() - 1)) {
                    last.addSuppressed(f);
                }
                lose(last);
            }
        }

        private void won(Protocol p) {
            if (over) {
                // Cannot happen: the winner cancels the others synchronously. Never leak a connection.
                if (p.getTransport() != null) {
                    p.getTransport().abortConnection();
                }
                return;
            }
            end();
            result.callback(p);
        }

        private void lose(Throwable reason) {
            if (over) {
                return;
            }
            end();
            result.errback(reason);
        }

        private void cancelled() {
            if (over) {
                return;
            }
            end();
            result.errback(new ConnectingCancelledException(host.indexOf(':') >= 0
                    ? new IPv6Address(host, port) : new IPv4Address(host, port)));
        }

        /** Stops everything still running: timers, the lookup, the attempts. */
        private void end() {
            over = true;
            if (stagger != null && stagger.active()) {
                stagger.cancel();
            }
            if (deadline.active()) {
                deadline.cancel();
            }
            if (resolving != null && !resolving.isCalled()) {
                resolving.cancel();
            }
            for (Deferred<Protocol> a : List.copyOf(pending)) {
                a.cancel(); // stops the connector; its errback finds over set
            }
            pending.clear();
        }
    }
}
