package dev.deferred.net.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes a {@link TcpConnection} has accepted but the socket has not yet taken, oldest first.
 * Small writes are packed into shared buffers so a burst of them leaves in one system call.
 * Not thread-safe: the connection uses it on the reactor thread only.
 */
final class WriteQueue {
    /** Writes smaller than this are packed together into buffers of this size. */
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
        ByteBuffer last = buffers.peekLast();
        if (last != null && last.capacity() - last.limit() >= len) {
            System.arraycopy(data, off, last.array(), last.limit(), len);
            last.limit(last.limit() + len);
        } else {
            ByteBuffer b = newBuffer(len);
            b.put(data, off, len).flip();
            buffers.add(b);
        }
        size += len;
    }

    /**
     * Copies the remaining bytes of {@code src} to the end of the queue and moves its position to
     * its limit.
     */
    void add(ByteBuffer src) {
        int len = src.remaining();
        ByteBuffer last = buffers.peekLast();
        if (last != null && last.capacity() - last.limit() >= len) {
            int at = last.limit();
            last.limit(at + len); // absolute puts are bounded by the limit
            last.put(at, src, src.position(), len);
            src.position(src.limit());
        } else {
            ByteBuffer b = newBuffer(len);
            b.put(src).flip();
            buffers.add(b);
        }
        size += len;
    }

    /**
     * A buffer in write mode for a write of {@code len} bytes that does not fit the last one: a
     * small one if the queue is empty (most messages are alone in their turn), a pack buffer for
     * more small writes, or one of exactly {@code len} bytes for a big write.
     */
    private ByteBuffer newBuffer(int len) {
        if (len <= PackBuffers.SMALL_SIZE && buffers.isEmpty()) {
            return packBuffers.takeSmall();
        }
        return len <= PACK_SIZE ? packBuffers.take() : ByteBuffer.allocate(len);
    }

    /**
     * Writes as much as {@code channel} takes without blocking (up to what {@code writer} sends in
     * one call), through the writer's bounded direct buffer.
     *
     * @return the bytes written
     */
    long writeTo(WritableByteChannel channel, SocketWriter writer) throws IOException {
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
