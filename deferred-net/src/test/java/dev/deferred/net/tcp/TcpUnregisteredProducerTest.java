package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.PushProducer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Regression: after a streaming producer was unregistered, a write that pushed the queue past the
 * high-water mark threw a NullPointerException (the transport still thought a streaming producer
 * was there to pause) and killed the connection.
 */
class TcpUnregisteredProducerTest {

    @Test
    void bigWritesAfterUnregisteringAStreamingProducerAreQueuedNotFatal() throws Exception {
        int total = 32 * 1024 * 1024; // more than the kernel buffers take: the rest must queue
        try (LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
            ListeningPort port = lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1")
                    .listen(Factory.forProtocol(() -> new Protocol() {
                        @Override
                        public void connectionMade() {
                            PushProducer idle = new PushProducer() {
                                @Override
                                public void pauseProducing() {
                                }

                                @Override
                                public void resumeProducing() {
                                }

                                @Override
                                public void stopProducing() {
                                }
                            };
                            transport.registerProducer(idle, true);
                            transport.unregisterProducer();
                            transport.write(new byte[total]);
                            transport.write(new byte[1]); // queued behind: past the high-water mark
                            transport.loseConnection();
                        }

                        @Override
                        public void connectionLost(Throwable reason) {
                            serverLost.complete(reason);
                        }
                    })));
            int p = ((IPAddress) port.getHost()).port();
            Collector c = new Collector(new byte[0], total + 1);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), c));
            assertEquals(total + 1, get(c.all).length);
            assertInstanceOf(ConnectionDoneException.class, get(serverLost));
        }
    }
}
