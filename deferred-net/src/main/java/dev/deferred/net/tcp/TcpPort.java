package dev.deferred.net.tcp;

import dev.deferred.net.internal.StreamEnds;
import dev.deferred.net.internal.StreamPort;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

/**
 * A listening TCP port on a {@link TcpReactor} (Twisted's {@code tcp.Port}): accepts connections
 * and hands each to a protocol built by the factory. The stream-port engine does the work; this
 * says what is TCP's: the address and port to bind, SO_REUSEADDR, and IP addresses for both ends.
 */
final class TcpPort extends StreamPort<Address> {
    private final TcpReactor tcp;
    /**
     * Picks the reactor of each accepted connection (a group's round robin); null: this port's
     * own reactor. Called on this port's reactor thread only.
     */
    private final Supplier<TcpReactor> placement;
    /** "ADDRESS port N", for the error when the bind fails. */
    private String where;

    TcpPort(TcpReactor tcp, Factory factory, Supplier<TcpReactor> placement) {
        super(tcp, factory, StreamEnds.IP);
        this.tcp = tcp;
        this.placement = placement;
    }

    @Override
    protected void adopt(SocketChannel ch, Protocol protocol, Address local, Address peer) {
        TcpReactor target = placement == null ? tcp : placement.get();
        if (target == tcp) {
            super.adopt(ch, protocol, local, peer);
        } else {
            target.adoptHandedOff(ch, protocol, local, peer);
        }
    }

    void startListening(InetAddress address, int port, int backlog) throws CannotListenException {
        where = address.getHostAddress() + " port " + port;
        startListening(new InetSocketAddress(address, port), backlog);
    }

    @Override
    protected void configure(ServerSocketChannel ch) throws IOException {
        // As Twisted on POSIX: a restarted server can bind while old connections sit in TIME_WAIT.
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    }

    @Override
    protected Address hostOf(ServerSocketChannel ch) throws IOException {
        return Address.of((InetSocketAddress) ch.getLocalAddress());
    }

    @Override
    protected CannotListenException cannotListen(IOException e) {
        return new CannotListenException("cannot listen on " + where + ": " + e.getMessage(), e);
    }

    @Override
    protected void track(boolean open) {
        if (open) {
            tcp.opened(this);
        } else {
            tcp.closed(this);
        }
    }

    @Override
    protected void checkThread(String what) {
        tcp.checkThread(what);
    }

    @Override
    public String toString() {
        return "TcpPort[" + getHost() + (isClosed() ? ", closed" : "") + "]";
    }
}
