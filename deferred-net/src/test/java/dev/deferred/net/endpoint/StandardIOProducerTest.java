package dev.deferred.net.endpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.reactor.SelectReactor;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Producers over standard I/O are paced as over TCP (Consumer.registerProducer's contract). */
class StandardIOProducerTest {

    /** Writes "chunk N" on each of its first five resumes, then unregisters. */
    static final class FiveChunks extends Protocol {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        int resumes;

        @Override
        public void connectionMade() {
            transport.registerProducer(new Producer() {
                @Override
                public void resumeProducing() {
                    resumes++;
                    if (resumes <= 5) {
                        transport.write(("chunk " + resumes + "\n").getBytes(UTF_8));
                    } else {
                        transport.unregisterProducer();
                        transport.loseConnection();
                        done.complete(resumes);
                    }
                }

                @Override
                public void stopProducing() {
                }
            }, false);
        }
    }

    @Test
    void aPullProducerIsResumedEachTimeTheWriterDrains() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed); // no input, stays open: only the producer ends it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SelectReactor reactor = new SelectReactor();
        FiveChunks protocol = new FiveChunks();
        Thread loop = new Thread(reactor::run, "stdio-producer-test-reactor");
        loop.setDaemon(true);
        try {
            reactor.callWhenRunning(() -> new StandardIOEndpoint(reactor, in, out).listen(Factory.forProtocol(() -> protocol)));
            loop.start();
            assertEquals(6, protocol.done.get(30, TimeUnit.SECONDS), "five chunks, then the resume that ends it");
            // Each resume came after the writer thread had written and flushed the chunk before.
            assertEquals("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n", out.toString(UTF_8));
        } finally {
            reactor.callFromThread(reactor::stop);
            loop.join(30_000);
            assertFalse(loop.isAlive());
            feed.close();
        }
    }
}
