package dev.deferred.net.protocol;

/**
 * One end of a connection as its {@link Protocol} sees it: Twisted's {@code ITransport},
 * {@code ITCPTransport} (half-close), {@code IConsumer} and {@code IPushProducer} together.
 *
 * <p>Writes are buffered and never block: {@link #write(byte[])} copies what it cannot send at once,
 * so the caller may reuse its array as soon as the call returns. {@link #loseConnection()} closes
 * after everything buffered has been sent; {@link #abortConnection()} closes now and drops the
 * buffer. As an {@link IPushProducer}, the transport stops reading from the peer while paused, which
 * is how a protocol applies back-pressure to its peer.
 *
 * <p>Threads: a TCP transport must be used on its reactor's thread (where the protocol's methods
 * run); from another thread go through {@code reactor.callFromThread}. No method of a transport
 * calls {@link Protocol#connectionLost} from inside itself: the loss is reported on a later turn.
 *
 * <pre>{@code
 * class Echo extends Protocol {
 *     @Override
 *     public void dataReceived(byte[] data) { transport.write(data); }
 * }
 * }</pre>
 */
public interface Transport extends IConsumer, IPushProducer {

    /**
     * Sends bytes, in order after everything written before. The bytes are copied before the call
     * returns; they leave later, never blocking the caller. Writes made after
     * {@link #loseConnection()} but before the connection has closed are still sent (as in
     * Twisted); writes after the connection is lost or after {@link #loseWriteConnection()} are
     * dropped. An empty array does nothing.
     *
     * @param data the bytes
     * @throws NullPointerException if {@code data} is null
     */
    @Override
    void write(byte[] data);

    /**
     * Sends several byte arrays in order, as one write of their concatenation.
     *
     * @param data the chunks
     * @throws NullPointerException if {@code data} or one of its elements is null
     */
    void writeSequence(Iterable<byte[]> data);

    /**
     * Writes the remaining bytes of each buffer, in order, as one write (a gathering write: a
     * header and a body need not be copied together first). Each buffer's position is moved to its
     * limit. The transport does not keep the buffers: what the socket does not take at once is
     * copied before this returns, so the caller may reuse them (and a {@link BufferReceiver} may
     * pass on the buffer it was lent). A TCP connection hands direct buffers to the socket without
     * copying them; by default the bytes are copied into one array for {@link #write(byte[])}.
     *
     * <pre>{@code
     * transport.write(header, body);   // one system call for both when the socket takes them
     * }</pre>
     *
     * @param data the buffers; none may be null
     * @throws NullPointerException if {@code data} or one of its buffers is null
     * @throws IllegalArgumentException if the buffers hold more than an array can (about 2 GiB)
     */
    default void write(java.nio.ByteBuffer... data) {
        java.util.Objects.requireNonNull(data, "data");
        long total = 0;
        for (java.nio.ByteBuffer b : data) {
            total += java.util.Objects.requireNonNull(b, "a buffer given to write is null").remaining();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("write: " + total + " bytes in one call is more than an array holds;"
                    + " write them in several calls");
        }
        byte[] all = new byte[(int) total];
        int at = 0;
        for (java.nio.ByteBuffer b : data) {
            int n = b.remaining();
            b.get(all, at, n);
            at += n;
        }
        if (all.length > 0) {
            write(all);
        }
    }

    /**
     * Closes the connection once every buffered byte has been sent, and once a registered producer
     * has been unregistered. Stops reading at once. The protocol's
     * {@link Protocol#connectionLost} then gets a {@link ConnectionDoneException}. A second call
     * does nothing.
     */
    void loseConnection();

    /**
     * Closes the connection now, discarding buffered bytes; the peer sees a reset. The protocol's
     * {@link Protocol#connectionLost} gets a {@link ConnectionAbortedException} on a later turn.
     * Calling it after the connection is closed does nothing.
     */
    void abortConnection();

    /**
     * Half-close: after the buffer drains, shuts down the sending direction so the peer reads end of
     * input, while this side can still read. A protocol that is a {@link HalfCloseableProtocol} then
     * gets {@link HalfCloseableProtocol#writeConnectionLost()}. Writes after it are dropped.
     *
     * @throws UnsupportedOperationException if the transport cannot half-close
     */
    void loseWriteConnection();

    /**
     * The remote end.
     *
     * @return the peer's address
     */
    Address getPeer();

    /**
     * This end.
     *
     * @return the local address
     */
    Address getHost();

    /**
     * Whether {@link #loseConnection()} (or an abort) has been called and the connection is on its
     * way out. Line-based protocols stop delivering lines then, as Twisted's do.
     *
     * @return true once the transport is disconnecting or disconnected
     */
    boolean isDisconnecting();

    /**
     * Stops reading from the peer until {@link #resumeProducing()}; data already read is
     * delivered. Not counted, as in Twisted: one resume undoes any number of pauses.
     */
    @Override
    void pauseProducing();

    /**
     * Starts reading from the peer again after {@link #pauseProducing()}.
     */
    @Override
    void resumeProducing();

    /**
     * The same as {@link #loseConnection()}: a consumer of this transport's data has gone away.
     */
    @Override
    void stopProducing();
}
