package dev.deferred.net.protocol;

/**
 * An IPv4 TCP address, as Twisted's {@code IPv4Address('TCP', host, port)}.
 *
 * @param host the numeric address, e.g. {@code "127.0.0.1"}
 * @param port the port, 0 to 65535
 */
public record IPv4Address(String host, int port) implements IPAddress {
    /**
     * Checks the parts.
     *
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public IPv4Address {
        java.util.Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }
}
