package dev.deferred.net.protocol;

import java.nio.ByteBuffer;

/**
 * Opt-in zero-copy reading for a {@link Protocol}: a protocol that implements this interface is
 * given the bytes read from a TCP or UNIX-domain socket in the reactor's own direct buffer, with no
 * copy and no allocation per read, instead of a fresh {@code byte[]} in
 * {@link Protocol#dataReceived(byte[])}. For bulk data (a proxy, a file server, an echo) this saves
 * a copy and a garbage array per read; pair it with {@link Transport#write(ByteBuffer...)}, which
 * sends a direct buffer to the socket without copying it.
 *
 * <pre>{@code
 * class Echo extends Protocol implements BufferReceiver {
 *     @Override public void bufferReceived(ByteBuffer data) {
 *         transport.write(data);  // the socket takes it straight from the reactor's buffer
 *     }
 * }
 * }</pre>
 *
 * <p><b>Who owns the buffer.</b> The buffer is lent to the protocol for the duration of the call
 * only. It is the read buffer of the connection's reactor, shared by every connection of that
 * reactor: as soon as {@code bufferReceived} returns, the next read (of this or another connection)
 * overwrites it. So:
 * <ul>
 * <li>read it, or change its position and limit, freely during the call; every byte counts as
 *     consumed when the call returns, whatever the position then (there is no redelivery);</li>
 * <li>never keep a reference to it, or to a duplicate, slice or view of it, after returning: copy
 *     out whatever must live longer ({@code byte[] b = new byte[data.remaining()]; data.get(b);});</li>
 * <li>passing it to {@link Transport#write(ByteBuffer...)} during the call is fine: the transport
 *     sends what the socket takes at once and copies the rest before returning;</li>
 * <li>do not write into it (its contents beyond the limit are the reactor's).</li>
 * </ul>
 *
 * <p>Transports that have the bytes as an array anyway (a TLS connection after the handshake
 * decrypts them, {@code StringTransport} in tests, standard I/O, child processes) call
 * {@link Protocol#dataReceived(byte[])} as usual, whose default forwards to this method with the
 * array wrapped, so a protocol implementing this interface need not override {@code dataReceived}.
 * The same ownership rules apply to that wrapped buffer.
 */
public interface BufferReceiver {

    /**
     * Bytes arrived, in {@code [data.position(), data.limit())}; never empty. The buffer is valid
     * during this call only: see the class comment.
     *
     * @param data the bytes read, lent for this call
     */
    void bufferReceived(ByteBuffer data);
}
