package dev.deferred.reactor.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The address of one end of a connection: Twisted's {@code IAddress}. The TCP transports hand out
 * {@link IPv4Address} and {@link IPv6Address}; other transports may have their own kinds.
 */
public interface Address {

    /**
     * Converts a socket address of the JDK into ours: {@link IPv6Address} for an IPv6 address,
     * {@link IPv4Address} otherwise. The host is the numeric address (no name lookup).
     *
     * <pre>{@code
     * Address a = Address.of(new InetSocketAddress("127.0.0.1", 8080)); // IPv4Address[host=127.0.0.1, port=8080]
     * }</pre>
     *
     * @param address a resolved socket address
     * @return the matching address record
     * @throws IllegalArgumentException if {@code address} is unresolved
     */
    static IPAddress of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("address " + address + " is unresolved; resolve it first");
        }
        if (ip instanceof Inet6Address v6) {
            String host = v6.getHostAddress();
            // The JDK appends "%scope" to link-local addresses; keep it, Twisted does too.
            return new IPv6Address(host, address.getPort());
        }
        return new IPv4Address(ip.getHostAddress(), address.getPort());
    }
}
