package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import dev.deferred.net.internal.AcceptBackoffScenario;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.testsupport.LogCapture;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 11: when accept fails (out of file descriptors: the pending connection keeps
 * failing until some close), the port backs off instead of spinning the loop and flooding the log,
 * and accepting resumes once it works again (the scenario every stream port shares). The failure
 * is injected through TcpPort's acceptor.
 */
class TcpAcceptBackoffTest {

    @Test
    void failingAcceptsBackOffWarnOnceAndResumeWhenDescriptorsFreeUp() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            AcceptBackoffScenario scenario = new AcceptBackoffScenario();
            TcpPort port = (TcpPort) lr.call(() -> lr.tcp.listenTCP(0, scenario.factory(), 50, "127.0.0.1"));
            scenario.failingAcceptsBackOffWarnOnceAndResume(lr, port,
                    () -> new Socket("127.0.0.1", ((IPAddress) port.getHost()).port()));
            lr.call(port::stopListening);
        }
    }

    @Test
    void stoppingAPortThatIsBackingOffCancelsTheRetry() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor(); LogCapture logs = LogCapture.of(TcpPort.class, Level.WARN)) {
            TcpPort port = (TcpPort) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
            CompletableFuture<Void> failed = new CompletableFuture<>();
            lr.call(() -> {
                port.acceptor = server -> {
                    failed.complete(null);
                    throw new IOException("Too many open files");
                };
                return null;
            });
            try (Socket client = new Socket("127.0.0.1", ((IPAddress) port.getHost()).port())) {
                LoopbackReactor.get(failed);
                int timers = lr.call(() -> {
                    int before = lr.reactor.pendingTimers();
                    port.stopListening();
                    return before - lr.reactor.pendingTimers();
                });
                assertEquals(1, timers, "the retry timer is cancelled with the port");
                assertEquals(java.util.Set.of(), lr.call(lr.reactor::getReaders));
            }
        }
    }
}
