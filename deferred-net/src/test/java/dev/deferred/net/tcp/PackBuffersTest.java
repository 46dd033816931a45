package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reactor's write buffers: direct ones up to its budget, reused; heap ones beyond it. */
class PackBuffersTest {

    private static final int PACK = WriteQueue.PACK_SIZE;

    @Test
    void packBuffersAreDirectUpToTheBudgetAndHeapBeyondIt() {
        PackBuffers pool = new PackBuffers(3L * PACK);
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(pool.take());
        }
        assertEquals(List.of(true, true, true, false, false), taken.stream().map(ByteBuffer::isDirect).toList());
        assertEquals(3L * PACK, pool.directHeld());
        assertEquals(3L * PACK, pool.directOut());
        for (ByteBuffer b : taken) {
            pool.give(b);
        }
        assertEquals(0, pool.directOut(), "all direct buffers are back");
        for (int i = 0; i < 3; i++) {
            assertTrue(pool.take().isDirect(), "a direct spare is reused");
        }
        assertFalse(pool.take().isDirect(), "and the budget still holds");
        assertEquals(3L * PACK, pool.directHeld(), "no direct buffer was allocated twice");
    }

    @Test
    void aLoneSmallMessageTakesNoDirectMemory() {
        PackBuffers pool = new PackBuffers(3L * PACK);
        assertFalse(pool.takeSmall().isDirect());
        assertEquals(0, pool.directHeld());
    }

    @Test
    void aQueueBeyondTheBudgetSendsItsDirectAndHeapBuffersInOrderAndGivesThemBack() throws Exception {
        PackBuffers pool = new PackBuffers(3L * PACK);
        WriteQueue q = new WriteQueue(pool);
        byte[] data = new byte[5 * PACK + 123];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + (i >>> 11));
        }
        q.add(data, 0, 2 * PACK);
        q.add(ByteBuffer.wrap(data, 2 * PACK, 3 * PACK + 123));
        assertEquals(3L * PACK, pool.directOut(), "the budget went to the first bytes queued");
        WriteQueueTest.FakeSocket s = new WriteQueueTest.FakeSocket();
        s.limit = PACK + 10;
        q.writeTo(s, new SocketWriter());
        assertEquals(2L * PACK, pool.directOut(), "the sent direct buffer went back, the partly sent one not");
        s.limit = Long.MAX_VALUE;
        q.writeTo(s, new SocketWriter());
        assertArrayEquals(data, s.sent.toByteArray());
        assertEquals(0, pool.directOut());
    }

    @Test
    void clearingAQueueGivesItsDirectBuffersBack() {
        PackBuffers pool = new PackBuffers(3L * PACK);
        WriteQueue q = new WriteQueue(pool);
        q.add(new byte[4 * PACK], 0, 4 * PACK);
        assertEquals(3L * PACK, pool.directOut());
        q.clear(); // the connection is gone
        assertEquals(0, pool.directOut());
        assertEquals(3L * PACK, pool.directHeld());
    }

    @Test
    void aRefusedDirectAllocationFallsBackToHeapAndIsNotTriedAgain() {
        int[] asked = {0};
        PackBuffers pool = new PackBuffers(8L * PACK, size -> {
            if (++asked[0] > 2) {
                throw new OutOfMemoryError("Cannot reserve " + size + " bytes of direct buffer memory");
            }
            return ByteBuffer.allocateDirect(size);
        });
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(pool.take()); // a write must not fail because direct memory ran out
        }
        assertEquals(List.of(true, true, false, false, false), taken.stream().map(ByteBuffer::isDirect).toList());
        assertEquals(3, asked[0], "after one refusal the pool stops asking for direct memory");
        assertEquals(2L * PACK, pool.directHeld());
        for (ByteBuffer b : taken) {
            pool.give(b);
        }
        assertEquals(0, pool.directOut());
        assertTrue(pool.take().isDirect(), "the direct buffers it got are still reused");
    }
}
