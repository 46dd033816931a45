package dev.deferred.net.protocol;

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

    /**
     * Whether {@code host} is written as a numeric address rather than a name: a dotted IPv4
     * address of four parts from 0 to 255, or an IPv6 literal (hex digits, colons and dots, with an
     * optional {@code %scope}). Such a host
     * needs no lookup: {@code InetAddress.getByName(host)} only parses it and never blocks (an
     * IPv4-looking string that is not a valid address, such as {@code 999.1.1.1}, would be looked
     * up as a name, so it is not numeric).
     *
     * <pre>{@code
     * Address.isNumeric("127.0.0.1"); // true
     * Address.isNumeric("::1");       // true
     * Address.isNumeric("localhost"); // false
     * }</pre>
     *
     * @param host a host as given to connect or bind
     * @return true for a numeric address; an IPv6 one may still be malformed
     */
    static boolean isNumeric(String host) {
        if (host.indexOf(':') >= 0) {
            // IPv6: hex digits, colons and dots (an embedded IPv4 part), then an optional %scope.
            int end = host.indexOf('%');
            for (int i = 0, n = end < 0 ? host.length() : end; i < n; i++) {
                char c = host.charAt(i);
                boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
                if (!hex && c != ':' && c != '.') {
                    return false;
                }
            }
            return true;
        }
        int parts = 0;
        int value = -1;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || ++parts > 4) {
                    return false;
                }
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    /**
     * Parses a numeric address (see {@link #isNumeric}) without any name lookup, for places where
     * a lookup would block a thread that must not block, such as the interface a port listens on.
     *
     * <pre>{@code
     * InetAddress a = Address.parseNumeric("127.0.0.1");   // no lookup
     * Address.parseNumeric("localhost");                    // IllegalArgumentException: a host name
     * Address.parseNumeric("999.1.1.1");                    // IllegalArgumentException: not a valid IPv4 address
     * }</pre>
     *
     * @param host a numeric IPv4 or IPv6 address
     * @return the address
     * @throws IllegalArgumentException naming what is wrong: a host name, or a malformed address
     */
    static InetAddress parseNumeric(String host) {
        java.util.Objects.requireNonNull(host, "host");
        if (!isNumeric(host)) {
            boolean dotted = !host.isEmpty() && host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
            throw new IllegalArgumentException(dotted
                    ? "\"" + host + "\" is not a valid IPv4 address (four numbers from 0 to 255, e.g. 127.0.0.1)"
                    : "\"" + host + "\" is a host name, not a numeric address (e.g. 127.0.0.1 or ::1)");
        }
        try {
            return InetAddress.getByName(host); // numeric: parsed only, never looked up
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("\"" + host + "\" is not a valid IPv6 address: " + e.getMessage(), e);
        }
    }
}
