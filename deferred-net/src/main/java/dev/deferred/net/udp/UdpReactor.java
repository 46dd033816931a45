package dev.deferred.net.udp;

import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.reactor.Phase;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.ReactorFDSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * UDP over any reactor that watches channels, such as {@code SelectReactor}: {@link #listenUDP}
 * and {@link #listenMulticast} on a non-blocking {@link java.nio.channels.DatagramChannel}. All
 * protocol methods run on the reactor thread. When the reactor shuts down, its ports close.
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * UdpReactor udp = new UdpReactor(reactor);
 * udp.listenUDP(9999, new Echo(), "127.0.0.1", 8192);
 * reactor.run();
 * }</pre>
 */
public final class UdpReactor implements ReactorUDP {

    final Reactor reactor;
    final ReactorFDSet fds;
    /** Open ports, closed at shutdown. Reactor thread only (or before it runs). */
    private final Set<UdpPort> ports = new LinkedHashSet<>();

    /**
     * UDP on {@code reactor}.
     *
     * @param reactor a reactor that is also a {@link ReactorFDSet}, e.g. a {@code SelectReactor}
     * @param <R> its type
     * @throws NullPointerException if {@code reactor} is null
     */
    public <R extends Reactor & ReactorFDSet> UdpReactor(R reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.fds = reactor;
        reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> {
            for (UdpPort p : List.copyOf(ports)) {
                p.stopListening();
            }
            return null;
        });
    }

    @Override
    public DatagramTransport listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize)
            throws CannotListenException {
        return listen("listenUDP", port, protocol, iface, maxPacketSize, false);
    }

    @Override
    public DatagramTransport listenMulticast(int port, DatagramProtocol protocol, String iface, int maxPacketSize,
            boolean listenMultiple) throws CannotListenException {
        return listen("listenMulticast", port, protocol, iface, maxPacketSize, listenMultiple);
    }

    private DatagramTransport listen(String what, int port, DatagramProtocol protocol, String iface,
            int maxPacketSize, boolean reuse) throws CannotListenException {
        Objects.requireNonNull(protocol, "protocol");
        String host = iface == null || iface.isEmpty() ? "0.0.0.0" : iface;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + ": port " + port + " is outside 0..65535");
        }
        if (maxPacketSize < 1 || maxPacketSize > 65535) {
            throw new IllegalArgumentException(what + ": maxPacketSize " + maxPacketSize + " is outside 1..65535");
        }
        if (!Address.isNumeric(host)) {
            throw new IllegalArgumentException(what + ": interface \"" + iface
                    + "\" is not a numeric address (e.g. 127.0.0.1, ::1, or \"\" for all)");
        }
        if (protocol.getTransport() != null) {
            throw new IllegalStateException(what + ": protocol " + protocol + " is already listening on "
                    + protocol.getTransport().getHost());
        }
        checkThread(what);
        UdpPort p = new UdpPort(this, protocol, maxPacketSize);
        p.open(host, port, reuse);
        ports.add(p);
        p.start();
        return p;
    }

    void closed(UdpPort p) {
        ports.remove(p);
    }

    /** Protocol code runs on the loop; before the loop runs there is no other thread to race. */
    void checkThread(String what) {
        if (reactor.isRunning() && !reactor.isOnReactorTurn()) {
            throw new IllegalStateException(what + " must be called on the reactor thread while the reactor runs;"
                    + " wrap the call in reactor.callFromThread(...)");
        }
    }
}
