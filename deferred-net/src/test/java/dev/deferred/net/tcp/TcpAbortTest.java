package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.ConnectionAbortedException;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.Protocol;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connections that end badly: aborts, resets in the middle of a transfer, protocols that throw. */
class TcpAbortTest {

    /** Server side: records how its connection ended, and how many times it was told. */
    static class ServerSide extends Protocol {
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final AtomicInteger lostCalls = new AtomicInteger();
        final CompletableFuture<Void> made = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            made.complete(null);
        }

        @Override
        public void connectionLost(Throwable reason) {
            lostCalls.incrementAndGet();
            lost.complete(reason);
        }
    }

    private static int listen(LoopbackReactor lr, Protocol server) throws Exception {
        return ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1"))
                .getHost()).port();
    }

    @Test
    void abortClosesNowReportsLaterAndThePeerSeesAnError() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ServerSide server = new ServerSide();
            int p = listen(lr, server);
            Collector client = new Collector(new byte[0], 1);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            get(server.made); // the server has accepted: the abort hits an established connection
            boolean reportedInsideAbort = lr.call(() -> {
                client.getTransport().write(new byte[1024]);
                client.getTransport().abortConnection();
                return client.lost.isDone();
            });
            assertFalse(reportedInsideAbort, "connectionLost is not called from inside abortConnection");
            assertInstanceOf(ConnectionAbortedException.class, get(client.lost));
            assertInstanceOf(ConnectionLostException.class, get(server.lost), "the peer sees a reset");
            lr.call(() -> {
                client.getTransport().abortConnection(); // after the fact: nothing
                client.getTransport().loseConnection();
                return null;
            });
            lr.call(() -> null);
            assertEquals(1, client.lostCalls.get());
        }
    }

    @Test
    void aResetInTheMiddleOfABigWriteIsReportedOnceAsAnError() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ServerSide server = new ServerSide() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 512; i++) { // 32 MB, far more than the socket buffers hold
                        transport.write(chunk);
                    }
                }
            };
            int p = listen(lr, server);
            Collector client = new Collector(new byte[0], 256 * 1024) {
                @Override
                public void dataReceived(byte[] data) {
                    super.dataReceived(data);
                    if (received.size() >= 256 * 1024) {
                        transport.abortConnection();
                    }
                }
            };
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            Throwable reason = get(server.lost);
            assertInstanceOf(ConnectionLostException.class, reason);
            assertInstanceOf(java.io.IOException.class, reason.getCause(), "the socket's error is the cause");
            lr.call(() -> null);
            lr.call(() -> null);
            assertEquals(1, server.lostCalls.get(), "connectionLost exactly once");
            assertInstanceOf(ConnectionAbortedException.class, get(client.lost));
        }
    }

    @Test
    void aProtocolThatThrowsInDataReceivedLosesItsConnectionWithThatError() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            IllegalStateException bug = new IllegalStateException("protocol bug");
            ServerSide server = new ServerSide() {
                @Override
                public void dataReceived(byte[] data) {
                    throw bug;
                }
            };
            int p = listen(lr, server);
            Collector client = new Collector(new byte[] {1, 2, 3}, 1);
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            assertSame(bug, get(server.lost));
            get(client.lost);
        }
    }
}
