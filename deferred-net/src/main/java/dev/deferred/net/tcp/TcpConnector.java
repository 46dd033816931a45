package dev.deferred.net.tcp;

import dev.deferred.net.internal.StreamConnector;
import dev.deferred.net.internal.StreamEnds;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectBindException;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.IPv6Address;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * An outgoing TCP connection and its attempts (Twisted's {@code tcp.Connector} and
 * {@code tcp.Client}): the stream-connector engine, with what is TCP's: each attempt first
 * resolves the host name (off the loop), binds {@code bindAddress} if one was given, and reports
 * IP addresses for both ends.
 */
final class TcpConnector extends StreamConnector<Address> {
    private final TcpReactor tcp;
    private final String host;
    private final int port;
    /** The local address to connect from; null for any. */
    private final InetSocketAddress bindAddress;

    TcpConnector(TcpReactor tcp, String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress) {
        super(tcp, factory, timeout, StreamEnds.IP);
        this.tcp = tcp;
        this.host = host;
        this.port = port;
        this.bindAddress = bindAddress;
    }

    @Override
    protected String where() {
        return host + ":" + port;
    }

    @Override
    protected void begin(Attempt a) {
        // Name lookups block: the reactor's resolver does them off the loop (a literal at once).
        a.await(tcp.resolver.resolve(host), all -> a.connect(new InetSocketAddress(all.get(0), port)));
    }

    @Override
    protected void prepare(SocketChannel ch) throws IOException {
        if (bindAddress != null) {
            try {
                ch.bind(bindAddress);
            } catch (IOException | java.nio.channels.UnsupportedAddressTypeException e) {
                throw new ConnectBindException("connecting to " + where() + " from " + bindAddress
                        + " failed: cannot bind it: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Address getDestination() {
        return host.indexOf(':') >= 0 ? new IPv6Address(host, port) : new IPv4Address(host, port);
    }

    @Override
    protected ConnectFailedException translate(IOException e) {
        // A reset answering the handshake is the peer refusing too (Linux reports it as
        // ECONNRESET instead of ECONNREFUSED when a listener closes as the SYN arrives).
        boolean reset = e instanceof java.net.SocketException && String.valueOf(e.getMessage()).contains("reset");
        if (e instanceof ConnectException || reset) {
            return new ConnectionRefusedException("connection to " + where() + " refused: " + e.getMessage(), e);
        }
        return new ConnectFailedException("connecting to " + where() + " failed: " + e.getMessage(), e);
    }

    @Override
    protected void track(boolean on) {
        tcp.attempting(this, on);
    }

    @Override
    protected void checkThread(String what) {
        tcp.checkThread(what);
    }
}
