package dev.deferred.reactor.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.deferred.reactor.LogCapture;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.IPAddress;
import dev.deferred.reactor.protocol.Protocol;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 11: when accept fails (out of file descriptors: the pending connection keeps
 * failing until some close), the port backs off instead of spinning the loop and flooding the log,
 * and accepting resumes once it works again. The failure is injected through TcpPort's acceptor.
 */
class TcpAcceptBackoffTest {

    @Test
    void failingAcceptsBackOffWarnOnceAndResumeWhenDescriptorsFreeUp() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor(); LogCapture logs = LogCapture.of(TcpPort.class, Level.WARN)) {
            CompletableFuture<Void> served = new CompletableFuture<>();
            TcpPort port = (TcpPort) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    served.complete(null);
                }
            }), 50, "127.0.0.1"));
            AtomicBoolean failing = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            lr.call(() -> {
                port.acceptor = server -> {
                    if (failing.get()) {
                        failures.incrementAndGet();
                        throw new IOException("Too many open files");
                    }
                    return server.accept();
                };
                return null;
            });
            try (Socket client = new Socket("127.0.0.1", ((IPAddress) port.getHost()).port())) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopbackReactor.WAIT_SECONDS);
                while (failures.get() < 3 && System.nanoTime() < end) {
                    Thread.sleep(1);
                }
                assertTrue(failures.get() >= 3, "accept was not retried");
                failing.set(false); // descriptors free up
                LoopbackReactor.get(served);
                // 3 tries take 10 + 20 ms of back-off; a spinning loop makes thousands meanwhile.
                assertTrue(failures.get() <= 10, failures.get() + " failed accepts: the loop spins");
                assertEquals(1, logs.atLeast(Level.WARN).size(), logs.text());
                assertTrue(logs.text().contains("Too many open files") && logs.text().contains("not accepting for"),
                        logs.text());
            }
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
