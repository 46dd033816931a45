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
    /** One system call's buffers: direct sources themselves, or slices of {@link #out}. Cleared after each call. */
    private final ByteBuffer[] batch = new ByteBuffer[MAX_BUFFERS];
    /** For a slice of {@link #out} in {@link #batch}: the heap buffer its bytes were copied from. */
    private final ByteBuffer[] staged = new ByteBuffer[MAX_BUFFERS];

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
            for (ByteBuffer b : srcs) {
                int r = b.remaining();
                if (r == 0) {
                    continue;
                }
                if (b.isDirect()) {
                    batch[count++] = b;
                    want += r;
                } else {
                    int k = Math.min(out.remaining(), r);
                    if (k == 0) {
                        break;
                    }
                    int at = out.position();
                    out.put(at, b, b.position(), k);
                    out.position(at + k);
                    staged[count] = b;
                    batch[count++] = out.slice(at, k);
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
            // One buffer (a lone message, the usual case) takes the JDK's plain write, which
            // skips building an I/O vector.
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
            total += n;
            if (n < want) {
                break; // the socket is full
            }
        }
        return total;
    }
}
