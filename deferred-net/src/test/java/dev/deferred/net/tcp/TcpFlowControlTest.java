package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.PushProducer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Producers and consumers over loopback TCP: the transport paces producers and can stop reading. */
class TcpFlowControlTest {

    private static final int CHUNK = 64 * 1024;
    private static final int HIGH_WATER = 64 * 1024;

    /**
     * Streams {@code total} bytes as a push producer: writes chunks while not paused; records the
     * most bytes its transport ever had queued and how often it was paused.
     */
    static final class Streamer extends Protocol implements PushProducer {
        final long total;
        long sent;
        long maxQueued;
        int pauses;
        int resumes;
        boolean paused;
        boolean producing;
        Runnable onFirstPause = () -> { };

        Streamer(long total) {
            this.total = total;
        }

        @Override
        public void connectionMade() {
            transport.registerProducer(this, true);
            produce();
        }

        private void produce() {
            if (producing) {
                return; // resumeProducing from inside our own write loop
            }
            producing = true;
            byte[] chunk = new byte[CHUNK];
            while (!paused && sent < total) {
                int n = (int) Math.min(CHUNK, total - sent);
                transport.write(n == CHUNK ? chunk : new byte[n]);
                sent += n;
                maxQueued = Math.max(maxQueued, ((TcpConnection) transport).getBufferedBytes());
            }
            producing = false;
            if (sent == total && !paused) {
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
            if (pauses++ == 0) {
                onFirstPause.run();
            }
        }

        @Override
        public void resumeProducing() {
            resumes++;
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    /** Reads slowly: stops reading after every few chunks and resumes on a later turn of the loop. */
    static final class SlowReader extends Protocol {
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final LoopbackReactor lr;
        long received;
        long sinceBreak;

        SlowReader(LoopbackReactor lr) {
            this.lr = lr;
        }

        /** Set on the reactor thread when the server's producer was first paused. */
        boolean serverPaused;

        @Override
        public void connectionMade() {
            if (!serverPaused) {
                transport.pauseProducing(); // read nothing until the server had to pause
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            received += data.length;
            sinceBreak += data.length;
            if (sinceBreak >= 4 * CHUNK) {
                sinceBreak = 0;
                transport.pauseProducing();
                lr.reactor.callLater(Duration.ZERO, transport::resumeProducing);
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    @Test
    void aSlowReaderPausesTheServersProducerAndItsBufferStaysBounded() throws Exception {
        long total = 200L * 1024 * 1024;
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Streamer server = new Streamer(total);
            SlowReader client = new SlowReader(lr);
            // Once the server had to stop, let the client start reading (slowly).
            // (The server may get there before the client's connectionMade: both run on the reactor
            // thread, in either order.)
            server.onFirstPause = () -> {
                client.serverPaused = true;
                if (client.getTransport() != null) {
                    client.getTransport().resumeProducing();
                }
            };
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1"))
                    .getHost()).port();
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            assertInstanceOf(ConnectionDoneException.class, get(client.lost));
            long[] stats = lr.call(() -> new long[] {client.received, server.maxQueued, server.pauses, server.resumes});
            assertEquals(total, stats[0], "every byte arrived");
            assertTrue(stats[1] <= HIGH_WATER + CHUNK,
                    "server buffered at most high-water mark + one chunk, was " + stats[1]);
            assertTrue(stats[2] >= 1, "the producer was paused");
            assertEquals(stats[2], stats[3], "each pause was followed by a resume");
        }
    }

    @Test
    void aPullProducerIsAskedForMoreEachTimeTheBufferDrains() throws Exception {
        int chunks = 200;
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int[] asked = new int[1];
            Factory pull = Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    transport.registerProducer(new Producer() {
                        @Override
                        public void resumeProducing() {
                            if (asked[0]++ < chunks) {
                                transport.write(new byte[CHUNK]);
                            } else {
                                transport.unregisterProducer();
                                transport.loseConnection();
                            }
                        }

                        @Override
                        public void stopProducing() {
                        }
                    }, false);
                }
            });
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, pull, 50, "127.0.0.1")).getHost()).port();
            Collector client = new Collector(new byte[0], chunks * CHUNK);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            assertInstanceOf(ConnectionDoneException.class, get(client.lost));
            assertEquals((long) chunks * CHUNK, client.received.size());
            assertEquals(chunks + 1, lr.call(() -> asked[0]));
        }
    }

    @Test
    void aSecondProducerIsRefusedAndStopProducingReachesTheProducerOnLoss() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<String> stopped = new CompletableFuture<>();
            CompletableFuture<Exception> secondRefused = new CompletableFuture<>();
            Factory f = Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    Producer first = new Producer() {
                        @Override
                        public void resumeProducing() {
                        }

                        @Override
                        public void stopProducing() {
                            stopped.complete("stopped");
                        }
                    };
                    transport.registerProducer(first, false);
                    try {
                        transport.registerProducer(first, false);
                    } catch (IllegalStateException e) {
                        secondRefused.complete(e);
                    }
                    transport.abortConnection();
                }
            });
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, f, 50, "127.0.0.1")).getHost()).port();
            // The server aborts at once, so the client may see its connect reset: ignore how it ends.
            lr.call(() -> new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p).connect(Factory.forProtocol(Echo::new))
                    .addBoth(r -> null));
            assertTrue(get(secondRefused).getMessage().contains("already registered"));
            assertEquals("stopped", get(stopped));
        }
    }

    @Test
    void waterMarksAreChecked() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Exception> bad = new CompletableFuture<>();
            int p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    try {
                        ((TcpConnection) transport).setWriteBufferWaterMarks(10, 5);
                    } catch (IllegalArgumentException e) {
                        bad.complete(e);
                    }
                }
            }), 50, "127.0.0.1")).getHost()).port();
            lr.await(() -> new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p).connect(Factory.forProtocol(Echo::new)));
            assertTrue(get(bad).getMessage().contains("low=10 high=5"));
        }
    }
}
