package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a connection queues for the socket: packing, order, and reusing sent buffers. */
class WriteQueueTest {

    private final SocketWriter writer = new SocketWriter();

    /** A socket that takes up to {@code limit} bytes per write and records which buffers it saw. */
    static class FakeSocket implements GatheringByteChannel {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<ByteBuffer> seen = new ArrayList<>();
        long limit = Long.MAX_VALUE;
        /** System calls made. */
        int calls;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            calls++;
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
        assertEquals(20, q.writeTo(s, writer));
        assertEquals(1, s.calls, "both writes went out in one system call");
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
        q.writeTo(s, writer);
        assertEquals(1, pool.spareCount(), "the sent buffer went back");
        q.add(bytes(7, 3), 0, 3);
        assertEquals(0, pool.spareCount(), "...and was taken again");
        q.writeTo(s, writer);
        byte[] all = s.sent.toByteArray();
        assertEquals(103, all.length);
        assertArrayEquals(bytes(7, 3), java.util.Arrays.copyOfRange(all, 100, 103));
    }

    @Test
    void aSmallFirstWriteTakesASmallBufferAndWritesAfterItArePackedInOrder() throws Exception {
        PackBuffers pool = new PackBuffers();
        WriteQueue q = new WriteQueue(pool);
        FakeSocket s = new FakeSocket();
        byte[] expected = new byte[0];
        for (int i = 0; i < 100; i++) { // 100 x 100 bytes: one small buffer, then a pack buffer
            q.add(bytes(i, 100), 0, 100);
            byte[] more = java.util.Arrays.copyOf(expected, expected.length + 100);
            System.arraycopy(bytes(i, 100), 0, more, expected.length, 100);
            expected = more;
        }
        assertEquals(10_000, q.writeTo(s, writer));
        assertArrayEquals(expected, s.sent.toByteArray());
        assertEquals(2, pool.spareCount(), "the small buffer and the pack buffer went back");
        assertEquals(1, s.calls, "all in one system call");
    }

    @Test
    void aPartlySentBufferIsNotReusedUntilItIsDone() throws Exception {
        PackBuffers pool = new PackBuffers();
        WriteQueue q = new WriteQueue(pool);
        FakeSocket s = new FakeSocket();
        s.limit = 4;
        q.add(bytes(0, 10), 0, 10);
        assertEquals(4, q.writeTo(s, writer));
        assertEquals(0, pool.spareCount());
        s.limit = Long.MAX_VALUE;
        assertEquals(6, q.writeTo(s, writer));
        assertEquals(1, pool.spareCount());
        assertArrayEquals(bytes(0, 10), s.sent.toByteArray());
    }

    @Test
    void beyondItsDirectBudgetTheReactorKeepsAtMostMaxSpareHeapBuffers() throws Exception {
        PackBuffers pool = new PackBuffers(0); // no direct budget: heap buffers only
        List<WriteQueue> queues = new ArrayList<>();
        for (int i = 0; i < PackBuffers.MAX_SPARE + 5; i++) {
            WriteQueue q = new WriteQueue(pool);
            q.add(bytes(0, PackBuffers.SMALL_SIZE + 1), 0, PackBuffers.SMALL_SIZE + 1); // too big for a small buffer
            queues.add(q);
        }
        for (WriteQueue q : queues) {
            q.clear(); // connections gone: their buffers go back, up to the bound
        }
        assertEquals(PackBuffers.MAX_SPARE, pool.spareCount());
        PackBuffers smalls = new PackBuffers(0);
        queues.clear();
        for (int i = 0; i < PackBuffers.MAX_SMALL_SPARE + 5; i++) {
            WriteQueue q = new WriteQueue(smalls);
            q.add(bytes(0, 1), 0, 1);
            queues.add(q);
        }
        for (WriteQueue q : queues) {
            q.clear();
        }
        assertEquals(PackBuffers.MAX_SMALL_SPARE, smalls.spareCount());
    }

    /**
     * Beyond the direct budget, queued bytes sit in several heap buffers; staged one after another
     * into the writer's direct buffer, they go out in one piece, and a socket that takes only part
     * of it (ending inside the second buffer) leaves exactly the rest queued, in order.
     */
    @Test
    void heapBuffersPartlyTakenAcrossABoundaryLeaveTheRestInOrder() throws Exception {
        PackBuffers pool = new PackBuffers(0); // heap buffers only
        WriteQueue q = new WriteQueue(pool);
        FakeSocket s = new FakeSocket();
        int n = 3 * WriteQueue.PACK_SIZE + 5;
        q.add(bytes(1, n), 0, n);
        s.limit = WriteQueue.PACK_SIZE + 100;
        assertEquals(s.limit, q.writeTo(s, writer));
        assertEquals(1, s.calls, "the staged heap bytes went in one system call");
        assertEquals(n - s.limit, q.size());
        s.limit = Long.MAX_VALUE;
        while (!q.isEmpty()) {
            q.writeTo(s, writer);
        }
        assertArrayEquals(bytes(1, n), s.sent.toByteArray());
    }

    @Test
    void aBigWriteFillsPackBuffersThatAllGoBackOnceSent() throws Exception {
        PackBuffers pool = new PackBuffers(0);
        WriteQueue q = new WriteQueue(pool);
        FakeSocket s = new FakeSocket();
        q.add(bytes(0, 3 * WriteQueue.PACK_SIZE + 1), 0, 3 * WriteQueue.PACK_SIZE + 1);
        q.writeTo(s, writer);
        assertEquals(4, pool.spareCount(), "four pack buffers, no buffer sized to the write");
        assertArrayEquals(bytes(0, 3 * WriteQueue.PACK_SIZE + 1), s.sent.toByteArray());
    }

    /**
     * Issue 18 item 13: the socket is only ever given the writer's own direct buffer, at most
     * {@link SocketWriter#CHUNK} bytes at a time, so the JDK never copies a big heap buffer into a
     * temporary direct buffer of its size (which it would keep cached on the reactor thread).
     */
    @Test
    void aBigWriteReachesTheSocketInBoundedDirectChunksInOrder() throws Exception {
        WriteQueue q = new WriteQueue(new PackBuffers());
        FakeSocket s = new FakeSocket() {
            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    assertTrue(srcs[i].isDirect(), "a heap buffer reached the socket");
                    assertTrue(srcs[i].remaining() <= SocketWriter.CHUNK, srcs[i].remaining() + " bytes in one write");
                }
                return super.write(srcs, offset, length);
            }
        };
        int big = 3 * SocketWriter.CHUNK + 1234;
        byte[] data = bytes(3, big);
        q.add(bytes(0, 3), 0, 3);
        q.add(data, 0, big);
        s.limit = SocketWriter.CHUNK / 2 + 7; // the socket takes part of a chunk: the rest stays queued
        long first = q.writeTo(s, writer);
        assertEquals(s.limit, first);
        assertEquals(3 + big - first, q.size());
        s.limit = Long.MAX_VALUE;
        while (!q.isEmpty()) {
            q.writeTo(s, writer);
        }
        assertArrayEquals(bytes(0, 3 + big), s.sent.toByteArray());
        assertTrue(s.seen.size() >= 4, "several chunks, not one big write: " + s.seen.size());
    }
}
