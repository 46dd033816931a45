package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What docs/threading.md says about TCP calls from a thread other than the running reactor's. */
class TcpWrongThreadTest {

    @Test
    void listenTcpThrowsButAnEndpointsListenReturnsAFailedDeferred() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            lr.call(() -> null); // the reactor runs: before that, calls from any thread are allowed
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            assertTrue(thrown.getMessage().contains("callFromThread"), thrown.getMessage());
            Deferred<ListeningPort> d = new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1").listen(Factory.forProtocol(Echo::new));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            d.addErrback(e -> {
                failure.set(e);
                return null;
            });
            assertInstanceOf(IllegalStateException.class, failure.get(), "the Deferred has failed already");
        }
    }
}
