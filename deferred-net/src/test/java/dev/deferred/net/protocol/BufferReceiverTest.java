package dev.deferred.net.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ByteBuffer API over any transport: BufferReceiver via dataReceived, Transport.write(ByteBuffer...). */
class BufferReceiverTest {

    /** Copies out what it is lent, as the ownership rules say. */
    static final class Copier extends Protocol implements BufferReceiver {
        final List<String> got = new ArrayList<>();

        @Override
        public void bufferReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.add(new String(b, UTF_8));
        }
    }

    @Test
    void aBufferReceiverGetsTheBytesOfTransportsThatDeliverArrays() {
        Copier p = new Copier();
        p.makeConnection(new StringTransport());
        p.dataReceived("hello".getBytes(UTF_8));
        p.dataReceived("world".getBytes(UTF_8));
        assertEquals(List.of("hello", "world"), p.got);
    }

    @Test
    void aPlainProtocolStillIgnoresDataByDefault() {
        Protocol p = new Protocol() { };
        p.makeConnection(new StringTransport());
        p.dataReceived("ignored".getBytes(UTF_8)); // no BufferReceiver: nothing happens, nothing throws
        assertTrue(p.isConnected());
    }

    @Test
    void writingBuffersSendsTheirRemainingBytesInOrderAndConsumesThem() {
        StringTransport t = new StringTransport();
        ByteBuffer head = ByteBuffer.wrap("xxHEAD:".getBytes(UTF_8)).position(2);
        ByteBuffer body = ByteBuffer.allocateDirect(4).put("body".getBytes(UTF_8)).flip();
        t.write(head, ByteBuffer.allocate(0), body);
        assertEquals("HEAD:body", t.valueString());
        assertEquals(head.limit(), head.position());
        assertEquals(body.limit(), body.position());
        // The transport copied them: reusing the buffers changes nothing already written.
        body.clear().put("XXXX".getBytes(UTF_8));
        assertEquals("HEAD:body", t.valueString());
    }

    @Test
    void aNullBufferIsRefusedByName() {
        StringTransport t = new StringTransport();
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> t.write(ByteBuffer.allocate(1), null));
        assertTrue(e.getMessage().contains("buffer given to write is null"), e.getMessage());
        assertEquals("", t.valueString(), "nothing half-written");
    }
}
