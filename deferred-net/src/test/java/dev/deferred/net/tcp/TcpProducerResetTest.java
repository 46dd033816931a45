package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.PushProducer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 10: a streaming producer that writes while it is not paused, to a peer that reset
 * the connection. The write that fails must pause it at once; before the fix the transport dropped
 * every later write silently and the producer looped on the reactor thread.
 */
class TcpProducerResetTest {

    /** Connects, reads the greeting, then closes with SO_LINGER 0: the server's socket gets a reset. */
    private static final String RESETTING_CLIENT = """
            import socket, struct, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            got = b""
            while len(got) < 2:
                got += s.recv(2 - len(got))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
            print("reset sent after", got)
            """;

    /** Gives up after this many writes, so the test ends even when the transport never pauses it. */
    private static final int GIVE_UP = 100_000;

    static final class Source extends Protocol implements PushProducer {
        final CompletableFuture<Source> made = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final byte[] chunk = new byte[64 * 1024];
        boolean paused;
        int writes;
        int pauses;
        int stops;

        @Override
        public void connectionMade() {
            transport.pauseProducing(); // do not read: the reset must be found by a write
            transport.registerProducer(this, true);
            transport.write("hi".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            made.complete(this);
        }

        /** An endless source: writes until paused (PushProducer's contract). */
        void produce() {
            while (!paused && writes < GIVE_UP) {
                transport.write(chunk);
                writes++;
            }
        }

        @Override
        public void pauseProducing() {
            pauses++;
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
        }

        @Override
        public void stopProducing() {
            stops++;
            paused = true;
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    @Test
    void aWriteThatFindsThePeerResetPausesTheStreamingProducerAtOnce() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Source> made = new CompletableFuture<>();
            ListeningPort port = lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> {
                Source s = new Source();
                s.made.thenAccept(made::complete);
                return s;
            }), 50, "127.0.0.1"));
            PythonClient.run(RESETTING_CLIENT, ((IPAddress) port.getHost()).port());
            Source s = LoopbackReactor.get(made);
            int[] seen = lr.call(() -> {
                s.produce();
                return new int[] {s.writes, s.pauses + s.stops};
            });
            assertTrue(seen[0] <= 2, "the producer wrote " + seen[0] + " chunks into a reset connection");
            assertTrue(seen[1] >= 1, "the producer was neither paused nor stopped");
            // The loss is still reported, on a later turn, and the producer is stopped then.
            assertInstanceOf(ConnectionLostException.class, LoopbackReactor.get(s.lost));
            assertEquals(1, (int) lr.call(() -> s.stops));
        }
    }
}
