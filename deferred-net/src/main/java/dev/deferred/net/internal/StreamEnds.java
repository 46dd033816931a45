package dev.deferred.net.internal;

import dev.deferred.net.protocol.Address;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The addresses a stream connection's transport reports for its two ends ({@code getHost} and
 * {@code getPeer}): what the socket says for IP, fixed names for UNIX-domain sockets (whose
 * client end has none).
 */
public interface StreamEnds {
    /** IP sockets: the socket's own local and remote addresses. */
    StreamEnds IP = new StreamEnds() {
        @Override
        public Address local(SocketChannel ch) throws IOException {
            return Address.of((InetSocketAddress) ch.getLocalAddress());
        }

        @Override
        public Address peer(SocketChannel ch) throws IOException {
            return Address.of((InetSocketAddress) ch.getRemoteAddress());
        }
    };

    /**
     * Fixed addresses, whatever the socket.
     *
     * @param local what {@code getHost} reports
     * @param peer what {@code getPeer} reports
     * @return the ends
     */
    static StreamEnds fixed(Address local, Address peer) {
        return new StreamEnds() {
            @Override
            public Address local(SocketChannel ch) {
                return local;
            }

            @Override
            public Address peer(SocketChannel ch) {
                return peer;
            }
        };
    }

    /**
     * This end's address.
     *
     * @param ch the connected socket
     * @return the address
     * @throws IOException if the connection vanished
     */
    Address local(SocketChannel ch) throws IOException;

    /**
     * The other end's address.
     *
     * @param ch the connected socket
     * @return the address
     * @throws IOException if the connection vanished
     */
    Address peer(SocketChannel ch) throws IOException;
}
