package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static dev.deferred.net.tcp.TlsTestFiles.cert;
import static dev.deferred.net.tcp.TlsTestFiles.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.PushProducer;
import dev.deferred.net.tls.TlsClientEndpoint;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsProtocol;
import dev.deferred.net.tls.TlsServerEndpoint;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Producer/consumer flow control through TLS: a streaming producer on the server is paused when
 * the client stops reading (the ciphertext backs up below the TLS layer) and resumed when it reads again.
 */
class TlsFlowControlTest {
    static final long TOTAL = 32L * 1024 * 1024; // more than the kernel buffers of both sockets hold
    static final byte[] CHUNK = new byte[16 * 1024];

    /** Writes CHUNKs while not paused, until TOTAL bytes are out. */
    static final class Streamer extends Protocol implements PushProducer {
        final CompletableFuture<Long> firstPause = new CompletableFuture<>();
        final AtomicLong resumes = new AtomicLong();
        private boolean paused;
        private long sent;
        private boolean handshakeOver;

        @Override
        public void connectionMade() {
            transport.registerProducer(this, true); // the TLS layer keeps it paused until the handshake ends
        }

        @Override
        public void pauseProducing() {
            paused = true;
            // A pause from the TCP connection below: its queue passed the high-water mark because
            // the kernel buffers are full, i.e. the peer is not reading.
            TcpConnection below = (TcpConnection) ((TlsProtocol) transport).getTransport();
            if (handshakeOver && below.getBufferedBytes() > 64 * 1024) {
                firstPause.complete(sent);
            }
        }

        @Override
        public void resumeProducing() {
            handshakeOver = true;
            resumes.incrementAndGet();
            paused = false;
            while (!paused && sent < TOTAL) {
                transport.write(CHUNK);
                sent += CHUNK.length;
            }
            if (sent >= TOTAL) {
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    /** Counts bytes; starts with reading paused. */
    static final class SlowReader extends Protocol {
        final AtomicLong received = new AtomicLong();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            transport.pauseProducing();
        }

        @Override
        public void dataReceived(byte[] data) {
            received.addAndGet(data.length);
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    @Test
    void aStreamingProducerIsPausedWhenThePeerStopsReadingAndResumedWhenItReads() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Streamer server = new Streamer();
            ListeningPort port = lr.await(() -> new TlsServerEndpoint(new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1"),
                    TlsOptions.server(key(), cert())).listen(Factory.forProtocol(() -> server)));
            int p = ((IPAddress) port.getHost()).port();
            SlowReader client = new SlowReader();
            lr.await(() -> Endpoints.connectProtocol(new TlsClientEndpoint(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p),
                    TlsOptions.client("localhost", cert())), client));
            long sentAtPause = get(server.firstPause);
            assertTrue(sentAtPause < TOTAL, "paused after " + sentAtPause + " bytes, before the end");
            long readWhilePaused = lr.call(client.received::get);
            assertTrue(readWhilePaused < TOTAL, "the paused client read " + readWhilePaused);
            lr.call(() -> {
                client.getTransport().resumeProducing();
                return null;
            });
            get(client.lost);
            assertEquals(TOTAL, client.received.get(), "every byte arrived once reading resumed");
            assertTrue(server.resumes.get() >= 2, "resumed after the pause: " + server.resumes.get());
        }
    }
}
