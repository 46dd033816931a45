package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.FatalErrorException;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.reactor.Phase;
import dev.deferred.testsupport.LogCapture;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A protocol callback that throws a fatal error on a real loopback connection: only that
 * connection is closed (Twisted logs a RecursionError and keeps serving); only a loop-ending
 * error stops the reactor, and then every connection still hears connectionLost.
 */
class TcpFatalErrorsTest {

    /** Echoes, except that "boom" recurses until the stack overflows. */
    static final class RecursingEcho extends Protocol {
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        @Override
        public void dataReceived(byte[] data) {
            if (new String(data, UTF_8).startsWith("boom")) {
                dataReceived(data);
            }
            transport.write(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    private static Collector connect(LoopbackReactor lr, int port, String send, int expect) throws Exception {
        Collector c = new Collector(send.getBytes(UTF_8), expect);
        lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", port), c));
        return c;
    }

    @Test
    void aStackOverflowInDataReceivedClosesOnlyThatConnection() throws Exception {
        try (LogCapture quiet = LogCapture.all(); LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<RecursingEcho> first = new CompletableFuture<>();
            int port = listen(lr, first);
            // Expects its "hello" echoed, then " again" sent after the other connection died.
            Collector bystander = connect(lr, port, "hello", "hello again".length());
            RecursingEcho bystanderServer = get(first);

            Collector victim = connect(lr, port, "boom", 4);
            get(victim.lost); // the server closed it
            assertTrue(lr.reactor.isRunning());
            assertTrue(!bystander.lost.isDone() && !bystanderServer.lost.isDone(), "the other connection is still open");
            lr.call(() -> {
                bystander.getTransport().write(" again".getBytes(UTF_8));
                return null;
            });
            assertArrayEquals("hello again".getBytes(UTF_8), get(bystander.all));
            Collector late = connect(lr, port, "still serving", "still serving".length());
            assertArrayEquals("still serving".getBytes(UTF_8), get(late.all));
        }
    }

    @Test
    void theServerProtocolHearsTheStackOverflowAsAWrappedFailure() throws Exception {
        try (LogCapture quiet = LogCapture.all(); LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<RecursingEcho> made = new CompletableFuture<>();
            int port = listen(lr, made);
            connect(lr, port, "boom", 4);
            Throwable reason = get(get(made).lost);
            assertInstanceOf(StackOverflowError.class, assertInstanceOf(FatalErrorException.class, reason).getCause());
        }
    }

    @Test
    void anOutOfMemoryErrorEndsTheLoopAndEveryConnectionHearsConnectionLost() throws Exception {
        try (LogCapture quiet = LogCapture.all(); LoopbackReactor lr = new LoopbackReactor()) {
            CompletableFuture<RecursingEcho> made = new CompletableFuture<>();
            int port = listen(lr, made);
            Collector client = connect(lr, port, "hi", 2);
            get(client.all);
            CompletableFuture<String> trigger = new CompletableFuture<>();
            lr.call(() -> lr.reactor.addSystemEventTrigger(Phase.BEFORE, "shutdown", () -> trigger.complete("ran")));
            OutOfMemoryError oom = new OutOfMemoryError("test");
            lr.reactor.callFromThread(() -> {
                throw oom;
            });
            assertSame(oom, get(lr.crashed));
            assertEquals("ran", get(trigger));
            assertInstanceOf(ConnectionLostException.class, get(client.lost));
            assertInstanceOf(ConnectionLostException.class, get(get(made).lost));
            assertEquals(1, client.lostCalls.get());
        }
    }

    private static int listen(LoopbackReactor lr, CompletableFuture<RecursingEcho> first) throws Exception {
        return ((IPAddress) lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1")
                .listen(Factory.forProtocol(() -> {
                    RecursingEcho p = new RecursingEcho();
                    first.complete(p);
                    return p;
                }))).getHost()).port();
    }
}
