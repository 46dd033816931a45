package dev.deferred.reactor.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.deferred.reactor.LogCapture;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.Protocol;
import dev.deferred.reactor.tcp.LoopbackReactor;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UNIX port whose accept keeps failing (out of file descriptors) backs off as a TCP port does,
 * instead of retrying on every turn of the loop and warning each time, and serves the waiting
 * connection once accepting works again. The failure is injected through the port's acceptor.
 */
class UnixAcceptBackoffTest {

    @Test
    void failingAcceptsBackOffWarnOnceAndResume(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("busy.sock");
        try (LoopbackReactor lr = new LoopbackReactor(); LogCapture logs = LogCapture.of(UnixPort.class, Level.WARN)) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            CompletableFuture<Void> served = new CompletableFuture<>();
            UnixPort port = (UnixPort) lr.call(() -> unix.listenUNIX(sock.toString(),
                    Factory.forProtocol(() -> new Protocol() {
                        @Override
                        public void connectionMade() {
                            served.complete(null);
                        }
                    })));
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
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(sock));
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
}
