package dev.deferred.net.tcp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Spare pack buffers of one reactor's connections. A connection that sends small messages one at
 * a time (a request, then its answer) drains its write queue every turn; without spares each
 * message would allocate a fresh {@link WriteQueue#PACK_SIZE} buffer only to drop it a moment
 * later. Keeping at most {@link #MAX_SPARE} of them bounds what the reactor holds on to, whatever
 * the number of connections.
 *
 * <p>Reactor thread only (or the one thread that uses the connections before the reactor runs),
 * like the read buffer the connections share.
 */
final class PackBuffers {
    /** The most spare buffers kept: 256 KiB per reactor. */
    static final int MAX_SPARE = 16;

    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();

    /** An empty pack buffer in write mode: a spare one if there is one, else a new one. */
    ByteBuffer take() {
        ByteBuffer b = spare.pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(WriteQueue.PACK_SIZE);
    }

    /** Takes back a buffer whose bytes have all been sent (or dropped); keeps it if it is a pack buffer and there is room. */
    void give(ByteBuffer b) {
        if (b.capacity() == WriteQueue.PACK_SIZE && spare.size() < MAX_SPARE) {
            spare.addLast(b);
        }
    }

    /** How many spares are kept now. */
    int spareCount() {
        return spare.size();
    }
}
