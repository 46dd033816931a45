package dev.deferred.net.tcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.BufferReceiver;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The zero-copy path of a TCP connection against an outside peer (Python's sockets), so a bug our
 * own client shares cannot hide: reads lent as the reactor's direct buffer to a
 * {@link BufferReceiver}, gathering writes of heap and direct buffers, writeSequence.
 */
class TcpBufferPathTest {

    /** Sends N pseudo-random bytes while reading the echo back; prints "ok" if they match. */
    private static final String ECHO_CHECK = """
            import socket, sys, threading, random
            port, n = int(sys.argv[1]), int(sys.argv[2])
            data = random.Random(1).randbytes(n)
            s = socket.create_connection(("127.0.0.1", port))
            def send():
                s.sendall(data)
            t = threading.Thread(target=send); t.start()
            got = bytearray()
            while len(got) < n:
                b = s.recv(1 << 20)
                if not b: break
                got += b
            t.join(); s.close()
            print("ok" if bytes(got) == data else "mismatch %d of %d" % (len(got), n))
            """;

    /** Reads to end of stream; prints the length and SHA-256 of what arrived. */
    private static final String DIGEST = """
            import socket, sys, hashlib
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            h = hashlib.sha256(); n = 0
            while True:
                b = s.recv(1 << 20)
                if not b: break
                h.update(b); n += len(b)
            print(n, h.hexdigest())
            """;

    /** Echoes what it is lent, and notes whether it was ever handed an array or a heap buffer. */
    static final class BufferEcho extends Protocol implements BufferReceiver {
        static final AtomicInteger arrays = new AtomicInteger();
        static final AtomicBoolean allDirect = new AtomicBoolean(true);

        @Override
        public void dataReceived(byte[] data) {
            arrays.incrementAndGet();
            super.dataReceived(data);
        }

        @Override
        public void bufferReceived(ByteBuffer data) {
            if (!data.isDirect()) {
                allDirect.set(false);
            }
            transport.write(data);
        }
    }

    @Test
    void aBufferReceiverEchoesAnOutsidePeersBytesFromTheLentDirectBuffer() throws Exception {
        BufferEcho.arrays.set(0);
        BufferEcho.allDirect.set(true);
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(BufferEcho::new), 50, "127.0.0.1"));
            String out = PythonClient.run(ECHO_CHECK, ((IPAddress) port.getHost()).port(), 8 << 20);
            assertEquals("ok", out.strip());
            assertEquals(0, BufferEcho.arrays.get(), "a plain TCP read never makes an array for a BufferReceiver");
            assertTrue(BufferEcho.allDirect.get(), "reads are lent in the reactor's direct buffer");
        }
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 9));
        }
        return b;
    }

    @Test
    void gatheringWritesAndWriteSequenceArriveInOrderAndTheBuffersAreFreeAtOnce() throws Exception {
        byte[] header = "HEADER:".getBytes(UTF_8);
        byte[] body = pattern(8 << 20, 7); // far more than the socket takes at once: most is queued
        byte[] small = pattern(100, 3);
        byte[] big = pattern(300 << 10, 5);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (byte[] part : List.of(header, body, small, small, big, small, header, "end".getBytes(UTF_8))) {
            expected.update(part);
        }
        long expectedLength = header.length * 2L + body.length + small.length * 3L + big.length + 3;
        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        CompletableFuture<String> positions = new CompletableFuture<>();
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    ByteBuffer h = ByteBuffer.wrap(header);
                    ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip();
                    transport.write(h, direct);
                    positions.complete(h.remaining() + "," + direct.remaining());
                    // The caller may reuse its buffers at once: the transport copied what it queued.
                    direct.clear();
                    while (direct.hasRemaining()) {
                        direct.put((byte) 0);
                    }
                    transport.writeSequence(List.of(small, small, big));
                    transport.write(ByteBuffer.wrap(small), ByteBuffer.allocateDirect(header.length).put(header).flip());
                    transport.write("end".getBytes(UTF_8));
                    transport.loseConnection();
                }

                @Override
                public void connectionLost(Throwable reason) {
                    lost.complete(reason);
                }
            }), 50, "127.0.0.1"));
            String out = PythonClient.run(DIGEST, ((IPAddress) port.getHost()).port());
            assertEquals("0,0", LoopbackReactor.get(positions), "write moves each buffer's position to its limit");
            assertEquals(expectedLength + " " + HexFormat.of().formatHex(expected.digest()), out.strip());
            assertInstanceOf(ConnectionDoneException.class, LoopbackReactor.get(lost));
        }
    }
}
