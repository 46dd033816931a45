package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a TCP connection queues while its socket is full: copied into the reactor's pooled direct
 * buffers up to the reactor's budget and into heap buffers beyond it, sent in order, and given back
 * to the pool when sent or when the connection is lost. The peer is Python's socket, which reads
 * nothing until told to (by a line on its standard input), so the queue really fills.
 */
class TcpQueuedWriteBuffersTest {

    /**
     * Connects with a small receive buffer, says "connected", waits for a line: "read" reads to end
     * of stream and prints the length and SHA-256 of what arrived; "drop" resets the connection.
     */
    private static final String PEER = """
            import socket, sys, hashlib, struct
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", int(sys.argv[1])))
            print("connected", flush=True)
            if sys.stdin.readline().strip() == "drop":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.close()
                print("dropped", flush=True)
                sys.exit(0)
            h = hashlib.sha256(); n = 0
            while True:
                b = s.recv(1 << 20)
                if not b: break
                h.update(b); n += len(b)
            print(n, h.hexdigest(), flush=True)
            """;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 9));
        }
        return b;
    }

    /** The pool's figures at one moment, read on the reactor thread. */
    record Pool(long queued, long directHeld, long directOut) {
    }

    /** Writes a mix of small and big, heap and direct writes totalling {@code total} bytes or more. */
    static final class MixedWriter extends Protocol {
        private final PackBuffers buffers;
        private final long total;
        final MessageDigest digest;
        long written;
        final CompletableFuture<Pool> afterWrites = new CompletableFuture<>();
        final CompletableFuture<Pool> afterLoss = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        private final boolean close;

        MixedWriter(PackBuffers buffers, long total, boolean close) throws Exception {
            this.buffers = buffers;
            this.total = total;
            this.close = close;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        private TcpConnection tcp() {
            return (TcpConnection) transport;
        }

        private Pool pool() {
            return new Pool(tcp().getBufferedBytes(), buffers.directHeld(), buffers.directOut());
        }

        private void sent(byte[] b) {
            digest.update(b);
            written += b.length;
        }

        @Override
        public void connectionMade() {
            tcp().setOption(StandardSocketOptions.SO_SNDBUF, 4096); // the socket fills at once
            ByteBuffer direct = ByteBuffer.allocateDirect(64 << 10);
            for (int i = 0; written < total; i++) {
                byte[] small = pattern(100 + i % 50, i);
                byte[] big = pattern(100_000 + i, i + 1);
                byte[] directBytes = pattern(direct.capacity() - i % 7, i + 2);
                transport.write(small);
                sent(small);
                transport.write(big);
                sent(big);
                direct.clear().put(directBytes).flip();
                transport.write(direct);
                sent(directBytes);
                direct.clear().put(new byte[direct.capacity()]); // reused at once: the queue has its own copy
                transport.write(ByteBuffer.wrap(small), ByteBuffer.wrap(big), ByteBuffer.wrap(small));
                sent(small);
                sent(big);
                sent(small);
                transport.writeSequence(List.of(small, small));
                sent(small);
                sent(small);
            }
            afterWrites.complete(pool());
            if (close) {
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            afterLoss.complete(pool());
            lost.complete(reason);
        }
    }

    private static String readLine(Process p) throws Exception {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static void tell(Process p, String line) throws Exception {
        OutputStream in = p.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void writesQueuedBeyondTheDirectBudgetGoToHeapBuffersAndAllArriveInOrder() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            MixedWriter writer = new MixedWriter(lr.tcp.packBuffers, PackBuffers.DIRECT_BUDGET + (4 << 20), true);
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> writer), 50, "127.0.0.1"));
            Process peer = PythonClient.start(PEER, ((IPAddress) port.getHost()).port());
            assertEquals("connected", readLine(peer));
            Pool full = LoopbackReactor.get(writer.afterWrites);
            assertTrue(full.directHeld() <= PackBuffers.DIRECT_BUDGET, "over the budget: " + full);
            assertTrue(full.directOut() > PackBuffers.DIRECT_BUDGET - WriteQueue.PACK_SIZE,
                    "the queue took the whole direct budget: " + full);
            assertTrue(full.queued() > full.directOut(), "the rest is queued in heap buffers: " + full);
            tell(peer, "read");
            String out = PythonClient.finish(peer);
            assertEquals(writer.written + " " + HexFormat.of().formatHex(writer.digest.digest()), out.strip());
            assertInstanceOf(ConnectionDoneException.class, LoopbackReactor.get(writer.lost));
            Pool done = LoopbackReactor.get(writer.afterLoss);
            assertEquals(0, done.directOut(), "every direct buffer went back to the pool once sent: " + done);
            assertEquals(full.directHeld(), done.directHeld(), "and the pool allocated no more: " + done);
        }
    }

    @Test
    void aLostConnectionGivesItsQueuedDirectBuffersBack() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            MixedWriter writer = new MixedWriter(lr.tcp.packBuffers, 2 << 20, false);
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> writer), 50, "127.0.0.1"));
            Process peer = PythonClient.start(PEER, ((IPAddress) port.getHost()).port());
            assertEquals("connected", readLine(peer));
            Pool full = LoopbackReactor.get(writer.afterWrites);
            assertTrue(full.directOut() > 1 << 20, "the queue holds direct buffers: " + full);
            tell(peer, "drop");
            assertEquals("dropped", PythonClient.finish(peer).strip());
            assertInstanceOf(ConnectionLostException.class, LoopbackReactor.get(writer.lost));
            Pool after = LoopbackReactor.get(writer.afterLoss);
            assertEquals(0, after.queued());
            assertEquals(0, after.directOut(), "the lost connection's buffers went back to the pool: " + after);
        }
    }
}
