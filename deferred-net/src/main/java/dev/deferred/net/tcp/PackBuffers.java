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
    /**
     * The size of the first buffer of an empty queue. Many connections that each send a small
     * message in the same turn (100 clients each sending a request) need as many buffers at once:
     * 16 KiB each would allocate megabytes per turn once the spares run out, for a few bytes each.
     */
    static final int SMALL_SIZE = 2 * 1024;
    /** The most spare small buffers kept: 256 KiB per reactor. */
    static final int MAX_SMALL_SPARE = 128;

    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> smallSpare = new ArrayDeque<>();

    /** An empty pack buffer in write mode: a spare one if there is one, else a new one. */
    ByteBuffer take() {
        ByteBuffer b = spare.pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(WriteQueue.PACK_SIZE);
    }

    /** An empty {@link #SMALL_SIZE} buffer in write mode: a spare one if there is one, else a new one. */
    ByteBuffer takeSmall() {
        ByteBuffer b = smallSpare.pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(SMALL_SIZE);
    }

    /**
     * Takes back a buffer whose bytes have all been sent (or dropped); keeps it if it is a pack or
     * small buffer and there is room.
     */
    void give(ByteBuffer b) {
        if (b.capacity() == WriteQueue.PACK_SIZE && spare.size() < MAX_SPARE) {
            spare.addLast(b);
        } else if (b.capacity() == SMALL_SIZE && smallSpare.size() < MAX_SMALL_SPARE) {
            smallSpare.addLast(b);
        }
    }

    /** How many spares of both sizes are kept now. */
    int spareCount() {
        return spare.size() + smallSpare.size();
    }
}
