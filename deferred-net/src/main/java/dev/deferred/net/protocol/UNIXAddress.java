package dev.deferred.net.protocol;

/**
 * The address of one end of a UNIX-domain socket (Twisted's {@code UNIXAddress}): the socket
 * file's path, or null for an end that has no name (a connecting client's own end).
 *
 * <pre>{@code
 * new UNIXAddress("/run/app.sock")
 * }</pre>
 *
 * @param name the path, or null for an unnamed socket
 */
public record UNIXAddress(String name) implements Address {

    /**
     * The address of a JDK UNIX-domain socket address: its path, null when empty (unnamed).
     *
     * @param address the JDK's address
     * @return ours
     */
    public static UNIXAddress of(java.net.UnixDomainSocketAddress address) {
        String p = address.getPath().toString();
        return new UNIXAddress(p.isEmpty() ? null : p);
    }
}
