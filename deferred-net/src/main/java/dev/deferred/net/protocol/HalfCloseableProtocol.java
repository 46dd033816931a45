package dev.deferred.net.protocol;

/**
 * A protocol that handles each direction of a TCP connection closing on its own (Twisted's
 * {@code IHalfCloseableProtocol}). Implement it on a {@link Protocol} subclass: when the peer
 * shuts down its sending side, the transport calls {@link #readConnectionLost()} instead of
 * closing the whole connection, and the protocol may go on writing. Once both directions are
 * closed the connection closes and {@link Protocol#connectionLost} follows with a
 * {@link ConnectionDoneException}.
 *
 * <pre>{@code
 * class Upper extends Protocol implements HalfCloseableProtocol {
 *     public void dataReceived(byte[] d) { transport.write(upper(d)); }
 *     public void readConnectionLost()  { transport.loseWriteConnection(); } // answer, then end
 *     public void writeConnectionLost() { }
 * }
 * }</pre>
 */
public interface HalfCloseableProtocol {

    /** The peer will send nothing more (end of input); writing still works. Reactor thread. */
    void readConnectionLost();

    /** This side's sending direction was shut down by {@link Transport#loseWriteConnection()}. */
    void writeConnectionLost();
}
