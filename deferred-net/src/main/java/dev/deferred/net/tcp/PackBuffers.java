package dev.deferred.net.tcp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.IntFunction;

/**
 * The buffers the write queues of one reactor's connections copy into: pack buffers of
 * {@link WriteQueue#PACK_SIZE} (a big write fills as many as it needs) and small heap ones for a
 * lone small message. Pack buffers are direct while the reactor's {@link #DIRECT_BUDGET} lasts: a queue of
 * direct buffers goes to the socket as it is, in one gathering system call, so the one copy the
 * write contract requires (the caller may reuse its bytes once {@code write} returns) is the only
 * copy. Direct buffers are allocated once and kept for reuse, since the JDK frees native memory
 * only when the garbage collector gets round to it; so the budget bounds the native memory the
 * reactor ever holds, whatever its connections queue. Beyond it, buffers are heap ones, which the
 * socket writer copies through its staging buffer (a second copy, but bounded memory).
 *
 * <p>Spare heap buffers are kept up to {@link #MAX_SPARE} and {@link #MAX_SMALL_SPARE}: a
 * connection that sends small messages one at a time drains its queue every turn and would
 * otherwise allocate a buffer per message only to drop it a moment later.
 *
 * <p>Reactor thread only (or the one thread that uses the connections before the reactor runs),
 * like the read buffer the connections share.
 */
final class PackBuffers {
    /** The most spare heap pack buffers kept: 256 KiB per reactor. */
    static final int MAX_SPARE = 16;
    /**
     * The size of the first buffer of an empty queue. Many connections that each send a small
     * message in the same turn (100 clients each sending a request) need as many buffers at once:
     * 16 KiB each would take megabytes per turn, for a few bytes each.
     */
    static final int SMALL_SIZE = 2 * 1024;
    /** The most spare small heap buffers kept: 256 KiB per reactor. */
    static final int MAX_SMALL_SPARE = 128;
    /**
     * The most native memory a reactor's direct write buffers take: 4 MiB, as much as a loopback
     * socket's send buffer grows to by default (tcp_wmem), and small next to a server's heap.
     */
    static final long DIRECT_BUDGET = 4L * 1024 * 1024;

    /**
     * Lowered to what is allocated when the JVM refuses a direct buffer (see {@link #take}), so it
     * is asked once, not on every write.
     */
    private long directBudget;
    private final IntFunction<ByteBuffer> allocateDirect;
    /** Bytes of direct buffers allocated so far (none is ever dropped): at most {@link #directBudget}. */
    private long directAllocated;
    /** Bytes of direct buffers in {@link #directSpare}. */
    private long directSpareBytes;

    private final ArrayDeque<ByteBuffer> directSpare = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> smallSpare = new ArrayDeque<>();

    PackBuffers() {
        this(DIRECT_BUDGET);
    }

    /** A pool whose direct buffers take at most {@code directBudget} bytes (0: heap only). */
    PackBuffers(long directBudget) {
        this(directBudget, ByteBuffer::allocateDirect);
    }

    /** As {@link #PackBuffers(long)}, with the direct allocation given (tests refuse it). */
    PackBuffers(long directBudget, IntFunction<ByteBuffer> allocateDirect) {
        this.directBudget = directBudget;
        this.allocateDirect = allocateDirect;
    }

    /** An empty pack buffer in write mode: direct if the budget allows, spare if there is one. */
    ByteBuffer take() {
        ByteBuffer b = directSpare.pollLast(); // the most recently used: likely still in cache
        if (b != null) {
            directSpareBytes -= b.capacity();
            return b.clear();
        }
        if (directAllocated + WriteQueue.PACK_SIZE <= directBudget) {
            try {
                b = allocateDirect.apply(WriteQueue.PACK_SIZE);
                directAllocated += WriteQueue.PACK_SIZE;
                return b;
            } catch (OutOfMemoryError refused) {
                // The JVM's direct-memory limit (-XX:MaxDirectMemorySize, by default the heap's
                // maximum) is reached: many reactors, or a small heap. A write must not fail for
                // it, nor the loop die: the budget stops here and heap buffers take over (this
                // error is the JDK's "cannot reserve direct buffer memory", not an exhausted heap).
                directBudget = directAllocated;
            }
        }
        b = spare.pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(WriteQueue.PACK_SIZE);
    }

    /**
     * An empty {@link #SMALL_SIZE} heap buffer in write mode: a spare one if there is one. Heap,
     * since a lone small message costs the same either way (its staging copy is a few bytes) and
     * a thousand connections that each send one then take no native memory from the budget.
     */
    ByteBuffer takeSmall() {
        ByteBuffer b = smallSpare.pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(SMALL_SIZE);
    }

    /**
     * Takes back a buffer whose bytes have all been sent (or dropped): a direct one always (it
     * counts against the budget either way), a heap one if there is room among the spares.
     */
    void give(ByteBuffer b) {
        int size = b.capacity();
        if (b.isDirect()) {
            directSpare.addLast(b);
            directSpareBytes += size;
        } else if (size == WriteQueue.PACK_SIZE && spare.size() < MAX_SPARE) {
            spare.addLast(b);
        } else if (size == SMALL_SIZE && smallSpare.size() < MAX_SMALL_SPARE) {
            smallSpare.addLast(b);
        }
    }

    /** How many spare buffers (direct and heap, of both sizes) are kept now. */
    int spareCount() {
        return directSpare.size() + spare.size() + smallSpare.size();
    }

    /** Bytes of direct buffers this pool has allocated (in queues or spare): never more than the budget. */
    long directHeld() {
        return directAllocated;
    }

    /** Bytes of direct buffers handed out and not yet given back. */
    long directOut() {
        return directAllocated - directSpareBytes;
    }
}
