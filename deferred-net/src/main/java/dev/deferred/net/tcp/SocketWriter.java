package dev.deferred.net.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes heap bytes to sockets through one bounded direct buffer per reactor. Handing a heap
 * buffer to a channel makes the JDK copy it into a temporary direct buffer of the same size, and
 * keep that buffer cached per thread (without bound by default): one 200 MB write would pin 200 MB
 * of native memory on the reactor thread for good. Copying at most {@link #CHUNK} bytes at a time
 * into our own direct buffer costs the same single copy and bounds the native memory to
 * {@code CHUNK} per reactor.
 *
 * <p>Reactor thread only (or the one thread that uses the connections before the reactor runs),
 * like the read buffer the connections share.
 */
final class SocketWriter {
    /** The most bytes one system call is given. */
    static final int CHUNK = 256 * 1024;
    /** At most this many chunks per call of {@link #write}, so one fast connection cannot hold the loop. */
    static final int CHUNKS_PER_CALL = 16;

    private final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);

    /**
     * Writes as much of {@code srcs} (in order) as {@code channel} takes without blocking, up to
     * {@link #CHUNKS_PER_CALL} chunks, and advances each source's position past what was written.
     *
     * @return the bytes written
     */
    long write(WritableByteChannel channel, Iterable<ByteBuffer> srcs) throws IOException {
        if (channel instanceof GatheringByteChannel g && allDirect(srcs)) {
            return writeDirect(g, srcs);
        }
        long total = 0;
        for (int round = 0; round < CHUNKS_PER_CALL; round++) {
            out.clear();
            for (ByteBuffer b : srcs) {
                int k = Math.min(out.remaining(), b.remaining());
                out.put(out.position(), b, b.position(), k);
                out.position(out.position() + k);
                if (!out.hasRemaining()) {
                    break;
                }
            }
            out.flip();
            int want = out.remaining();
            if (want == 0) {
                break;
            }
            int n = channel.write(out);
            total += n;
            int left = n;
            for (ByteBuffer b : srcs) {
                if (left == 0) {
                    break;
                }
                int k = Math.min(left, b.remaining());
                b.position(b.position() + k);
                left -= k;
            }
            if (n < want) {
                break; // the socket is full
            }
        }
        return total;
    }

    private static boolean allDirect(Iterable<ByteBuffer> srcs) {
        for (ByteBuffer b : srcs) {
            if (!b.isDirect()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Direct buffers need no staging copy (nor make the JDK allocate one): the socket is handed
     * them as they are, in gathering system calls, at most {@link #CHUNKS_PER_CALL} of
     * {@link #CHUNK} bytes' worth.
     */
    private static long writeDirect(GatheringByteChannel channel, Iterable<ByteBuffer> srcs) throws IOException {
        List<ByteBuffer> list = new ArrayList<>();
        long want = 0;
        for (ByteBuffer b : srcs) {
            list.add(b);
            want += b.remaining();
        }
        ByteBuffer[] array = list.toArray(ByteBuffer[]::new);
        long total = 0;
        for (int round = 0; round < CHUNKS_PER_CALL && total < want; round++) {
            long left = want - total;
            long n = channel.write(array);
            total += n;
            if (n < Math.min(left, CHUNK)) {
                break; // the socket is full
            }
        }
        return total;
    }
}
