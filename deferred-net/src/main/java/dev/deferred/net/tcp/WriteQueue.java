package dev.deferred.net.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes a {@link TcpConnection} has accepted but the socket has not yet taken, oldest first.
 * Writes are copied into the reactor's pack buffers (direct ones while its budget lasts, see
 * {@link PackBuffers}), small ones packed together, so a burst of them leaves in one system call.
 * Not thread-safe: the connection uses it on the reactor thread only.
 */
final class WriteQueue {
    /** The size of the buffers writes are packed into (a big write fills several). */
    static final int PACK_SIZE = 16 * 1024;

    /** Each buffer is ours (copied), in read mode: [position, limit) is still to be sent. */
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    /** Sum of the remaining bytes in {@link #buffers}. */
    private long size;
    /** Where pack buffers come from and go back to once sent. */
    private final PackBuffers packBuffers;

    WriteQueue(PackBuffers packBuffers) {
        this.packBuffers = packBuffers;
    }

    /** Copies {@code len} bytes of {@code data} from {@code off} to the end of the queue. */
    void add(byte[] data, int off, int len) {
        size += len;
        while (len > 0) {
            ByteBuffer last = withRoom(len);
            int at = last.limit();
            int k = Math.min(len, last.capacity() - at);
            last.limit(at + k); // absolute puts are bounded by the limit
            last.put(at, data, off, k);
            off += k;
            len -= k;
        }
    }

    /**
     * Copies the remaining bytes of {@code src} to the end of the queue and moves its position to
     * its limit.
     */
    void add(ByteBuffer src) {
        size += src.remaining();
        while (src.hasRemaining()) {
            int len = src.remaining();
            ByteBuffer last = withRoom(len);
            int at = last.limit();
            int k = Math.min(len, last.capacity() - at);
            last.limit(at + k);
            last.put(at, src, src.position(), k);
            src.position(src.position() + k);
        }
    }

    /**
     * The last buffer if it has room left, else a new one added at the end: a small one if the
     * queue is empty and {@code len} bytes fit (most messages are alone in their turn), else a
     * pack buffer; a big write fills as many pack buffers as it needs. In read mode, its
     * [position, limit) the bytes still to send.
     */
    private ByteBuffer withRoom(int len) {
        ByteBuffer last = buffers.peekLast();
        if (last != null && last.limit() < last.capacity()) {
            return last;
        }
        ByteBuffer b = len <= PackBuffers.SMALL_SIZE && buffers.isEmpty() ? packBuffers.takeSmall() : packBuffers.take();
        b.limit(0);
        buffers.add(b);
        return b;
    }

    /**
     * Writes as much as {@code channel} takes without blocking (up to what {@code writer} sends in
     * one call): direct buffers as they are, heap ones through the writer's bounded staging buffer.
     *
     * @return the bytes written
     */
    long writeTo(GatheringByteChannel channel, SocketWriter writer) throws IOException {
        if (buffers.isEmpty()) {
            return 0;
        }
        long n = writer.write(channel, buffers);
        size -= n;
        while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
            packBuffers.give(buffers.pollFirst());
        }
        return n;
    }

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /** Bytes still to be sent. */
    long size() {
        return size;
    }

    /** Drops everything still queued (the connection is gone). */
    void clear() {
        for (ByteBuffer b; (b = buffers.pollFirst()) != null; ) {
            packBuffers.give(b);
        }
        size = 0;
    }
}
