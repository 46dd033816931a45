package dev.deferred.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.LoopbackReactor;
import dev.deferred.testsupport.LogCapture;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accept back-off of the stream-port engine, the same over every kind of stream port: while
 * accept fails (out of file descriptors: the pending connection keeps failing until some close),
 * the port backs off instead of spinning the loop and flooding the log, and serves the waiting
 * connection once accepting works again. The failure is injected through the port's acceptor.
 */
public final class AcceptBackoffScenario {
    /** Completes when the port's factory serves a connection. */
    public final CompletableFuture<Void> served = new CompletableFuture<>();

    /**
     * The factory to listen with.
     *
     * @return a factory whose protocols complete {@link #served} when connected
     */
    public Factory factory() {
        return Factory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                served.complete(null);
            }
        });
    }

    /**
     * Makes {@code port} fail to accept, connects a client with {@code connect}, lets accept fail
     * a few times, lets it work again, and checks the port served the client, backed off and
     * warned once.
     *
     * @param lr the running reactor
     * @param port a port listening with {@link #factory()}
     * @param connect connects a client to the port (closed at the end)
     * @throws Exception if a check fails
     */
    public void failingAcceptsBackOffWarnOnceAndResume(LoopbackReactor lr, StreamPort<?> port,
            Callable<AutoCloseable> connect) throws Exception {
        try (LogCapture logs = LogCapture.of(port.getClass(), Level.WARN)) {
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
            try (AutoCloseable client = connect.call()) {
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
        }
    }
}
