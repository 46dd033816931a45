package dev.deferred.net.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Writes buffers to sockets in gathering system calls, heap ones through one bounded direct
 * staging buffer per reactor. Direct buffers (the write queue's pack buffers while the reactor's
 * budget lasts, or the caller's own on a write that goes out at once) are handed to the socket as
 * they are. Handing a heap buffer to a channel would make the JDK copy it into a temporary direct
 * buffer of the same size, and keep that buffer cached per thread (without bound by default): one
 * 200 MB write would pin 200 MB of native memory on the reactor thread for good. Copying at most
 * {@link #CHUNK} bytes at a time into our own staging buffer costs the same single copy and bounds
 * the native memory to {@code CHUNK} per reactor.
 *
 * <p>Reactor thread only (or the one thread that uses the connections before the reactor runs),
 * like the read buffer the connections share.
 */
final class SocketWriter {
    /** The most heap bytes staged for one system call. */
    static final int CHUNK = 256 * 1024;
    /** The most bytes one system call is offered: about what a loopback socket's buffer takes at once. */
    static final int ROUND = 1024 * 1024;
    /** At most this many system calls per call of {@link #write}, so one fast connection cannot hold the loop. */
    static final int CHUNKS_PER_CALL = 16;
    /** The most buffers one system call is given (Linux takes up to 1024). */
    static final int MAX_BUFFERS = 512;

    private final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
    /**
     * One system call's buffers: direct sources themselves, or (in a batch that mixes them with
     * heap ones) slices of {@link #out}. Cleared after each call.
     */
    private final ByteBuffer[] batch = new ByteBuffer[MAX_BUFFERS];
    /** For entry i of a batch staged into {@link #out}: the heap buffer its bytes were copied from. */
    private final ByteBuffer[] staged = new ByteBuffer[MAX_BUFFERS];
    /** For entry i staged into {@link #out}: where its bytes start there, and how many. */
    private final int[] stagedAt = new int[MAX_BUFFERS];
    private final int[] stagedLength = new int[MAX_BUFFERS];

    /**
     * Writes as much of {@code srcs} (in order) as {@code channel} takes without blocking, up to
     * {@link #CHUNKS_PER_CALL} system calls, and advances each source's position past what was
     * written.
     *
     * @return the bytes written
     */
    long write(GatheringByteChannel channel, Iterable<ByteBuffer> srcs) throws IOException {
        long total = 0;
        for (int round = 0; round < CHUNKS_PER_CALL; round++) {
            out.clear();
            int count = 0;
            long want = 0;
            boolean anyDirect = false;
            for (ByteBuffer b : srcs) {
                int r = b.remaining();
                if (r == 0) {
                    continue;
                }
                if (b.isDirect()) {
                    batch[count++] = b;
                    want += r;
                    anyDirect = true;
                } else {
                    int k = Math.min(out.remaining(), r);
                    if (k == 0) {
                        break;
                    }
                    int at = out.position();
                    out.put(at, b, b.position(), k);
                    out.position(at + k);
                    staged[count] = b;
                    stagedAt[count] = at;
                    stagedLength[count++] = k;
                    want += k;
                    if (k < r) {
                        break; // the rest of b must go before anything after it
                    }
                }
                if (count == MAX_BUFFERS || want >= ROUND) {
                    break;
                }
            }
            if (count == 0) {
                break;
            }
            long n = anyDirect ? writeMixed(channel, count) : writeStaged(channel, count);
            total += n;
            if (n < want) {
                break; // the socket is full
            }
        }
        return total;
    }

    /**
     * Only heap sources, all staged one after another in {@link #out} (small messages, the usual
     * case): {@code out} goes as it is, with no buffer allocated per source, and the bytes the
     * socket took are counted off the sources in order.
     */
    private long writeStaged(GatheringByteChannel channel, int count) throws IOException {
        out.flip();
        long n = channel.write(out);
        long left = n;
        for (int i = 0; i < count; i++) {
            ByteBuffer from = staged[i];
            int took = (int) Math.min(left, stagedLength[i]);
            from.position(from.position() + took);
            left -= took;
            staged[i] = null;
        }
        return n;
    }

    /**
     * Direct sources, perhaps with heap ones staged in {@link #out} between them: one gathering
     * call, each staged run given as a slice of {@code out} in its place. One direct buffer alone
     * (a big write going out at once) takes the JDK's plain write, which skips building an I/O
     * vector.
     */
    private long writeMixed(GatheringByteChannel channel, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (staged[i] != null) {
                batch[i] = out.slice(stagedAt[i], stagedLength[i]);
            }
        }
        long n = count == 1 ? channel.write(batch[0]) : channel.write(batch, 0, count);
        for (int i = 0; i < count; i++) {
            ByteBuffer from = staged[i];
            if (from != null) {
                // The slice moved past what the socket took of it; so does its source.
                from.position(from.position() + batch[i].position());
                staged[i] = null;
            }
            batch[i] = null;
        }
        return n;
    }
}
