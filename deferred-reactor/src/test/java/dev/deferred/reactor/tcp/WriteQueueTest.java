package dev.deferred.reactor.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a connection queues for the socket: packing, order, and reusing sent buffers. */
class WriteQueueTest {

    /** A socket that takes up to {@code limit} bytes per write and records which buffers it saw. */
    static final class FakeSocket implements GatheringByteChannel {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<ByteBuffer> seen = new ArrayList<>();
        long limit = Long.MAX_VALUE;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length && n < limit; i++) {
                ByteBuffer b = srcs[i];
                seen.add(b);
                while (b.hasRemaining() && n < limit) {
                    sent.write(b.get());
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void smallWritesArePackedAndLeaveInOrder() throws Exception {
        WriteQueue q = new WriteQueue(new PackBuffers());
        FakeSocket s = new FakeSocket();
        q.add(bytes(0, 10), 0, 10);
        q.add(bytes(10, 20), 5, 10); // a slice: bytes 15..24
        assertEquals(20, q.size());
        assertEquals(20, q.writeTo(s));
        assertEquals(1, s.seen.size(), "both writes went out in one buffer");
        byte[] expected = new byte[20];
        System.arraycopy(bytes(0, 10), 0, expected, 0, 10);
        System.arraycopy(bytes(15, 10), 0, expected, 10, 10);
        assertArrayEquals(expected, s.sent.toByteArray());
        assertTrue(q.isEmpty());
    }

    @Test
    void aDrainedPackBufferIsReusedForTheNextWriteWithoutStaleBytes() throws Exception {
        PackBuffers pool = new PackBuffers();
        WriteQueue q = new WriteQueue(pool);
        FakeSocket s = new FakeSocket();
        q.add(bytes(0, 100), 0, 100);
        q.writeTo(s);
        assertEquals(1, pool.spareCount(), "the sent buffer went back");
        q.add(bytes(7, 3), 0, 3);
        assertEquals(0, pool.spareCount(), "...and was taken again");
        q.writeTo(s);
        assertSame(s.seen.get(0), s.seen.get(1), "the second write used the first one's buffer");
        byte[] all = s.sent.toByteArray();
        assertEquals(103, all.length);
        assertArrayEquals(bytes(7, 3), java.util.Arrays.copyOfRange(all, 100, 103));
    }

    @Test
    void aPartlySentBufferIsNotReusedUntilItIsDone() throws Exception {
        PackBuffers pool = new PackBuffers();
        WriteQueue q = new WriteQueue(pool);
        FakeSocket s = new FakeSocket();
        s.limit = 4;
        q.add(bytes(0, 10), 0, 10);
        assertEquals(4, q.writeTo(s));
        assertEquals(0, pool.spareCount());
        s.limit = Long.MAX_VALUE;
        assertEquals(6, q.writeTo(s));
        assertEquals(1, pool.spareCount());
        assertArrayEquals(bytes(0, 10), s.sent.toByteArray());
    }

    @Test
    void theReactorKeepsAtMostMaxSpareBuffersAndNeverKeepsBigOnes() throws Exception {
        PackBuffers pool = new PackBuffers();
        List<WriteQueue> queues = new ArrayList<>();
        for (int i = 0; i < PackBuffers.MAX_SPARE + 5; i++) {
            WriteQueue q = new WriteQueue(pool);
            q.add(bytes(0, 1), 0, 1);
            queues.add(q);
        }
        for (WriteQueue q : queues) {
            q.clear(); // connections gone: their buffers go back, up to the bound
        }
        assertEquals(PackBuffers.MAX_SPARE, pool.spareCount());
        PackBuffers other = new PackBuffers();
        WriteQueue q = new WriteQueue(other);
        q.add(new byte[WriteQueue.PACK_SIZE + 1], 0, WriteQueue.PACK_SIZE + 1);
        q.writeTo(new FakeSocket());
        assertEquals(0, other.spareCount(), "a buffer sized to one big write is not a pack buffer");
    }
}
