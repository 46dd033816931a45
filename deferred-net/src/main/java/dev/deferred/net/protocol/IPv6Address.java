package dev.deferred.net.protocol;

/**
 * An IPv6 TCP address, as Twisted's {@code IPv6Address('TCP', host, port)}.
 *
 * @param host the numeric address, e.g. {@code "0:0:0:0:0:0:0:1"} (the JDK's spelling of {@code ::1})
 * @param port the port, 0 to 65535
 */
public record IPv6Address(String host, int port) implements IPAddress {
    /**
     * Checks the parts.
     *
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public IPv6Address {
        java.util.Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }
}
