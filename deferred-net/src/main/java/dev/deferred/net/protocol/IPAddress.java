package dev.deferred.net.protocol;

/**
 * An IP address and port: {@link IPv4Address} or {@link IPv6Address}. TCP transports and ports
 * return these from {@code getHost()} / {@code getPeer()}.
 *
 * <pre>{@code
 * int actualPort = ((IPAddress) listeningPort.getHost()).port();
 * }</pre>
 */
public sealed interface IPAddress extends Address permits IPv4Address, IPv6Address {
    /**
     * The numeric address (or, for a connector's destination, the host name it was given).
     *
     * @return the host
     */
    String host();

    /**
     * The port.
     *
     * @return 0 to 65535
     */
    int port();
}
