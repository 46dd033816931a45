package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.Protocol;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A stopping reactor closes its TCP ports and connections, telling each protocol once. */
class TcpShutdownTest {

    @Test
    void stoppingTheReactorClosesConnectionsAndPorts() throws Exception {
        LoopbackReactor lr = new LoopbackReactor();
        int p;
        Collector client = new Collector(new byte[0], 1);
        CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
        CompletableFuture<String> factoryStopped = new CompletableFuture<>();
        CompletableFuture<Void> serverMade = new CompletableFuture<>();
        try {
            Factory f = new Factory(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    serverMade.complete(null);
                }

                @Override
                public void connectionLost(Throwable reason) {
                    serverLost.complete(reason);
                }
            }) {
                @Override
                protected void stopFactory() {
                    factoryStopped.complete("stopped");
                }
            };
            p = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, f, 50, "127.0.0.1")).getHost()).port();
            lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), client));
            get(serverMade);
        } finally {
            lr.close();
        }
        assertInstanceOf(ConnectionLostException.class, get(client.lost));
        assertEquals(1, client.lostCalls.get());
        assertEquals("stopped", get(factoryStopped));
        assertInstanceOf(ConnectionLostException.class, get(serverLost));
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", p).close(), "the port is closed");
    }

    @Test
    void stoppingTheReactorFailsAttemptsStillConnecting() throws Exception {
        LoopbackReactor lr = new LoopbackReactor();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        try (Blackhole hole = new Blackhole()) {
            int p = hole.port();
            lr.call(() -> lr.tcp.connectTCP("127.0.0.1", p, new ClientFactory(Echo::new) {
                    @Override
                    public void clientConnectionFailed(Connector connector, Throwable reason) {
                        failed.complete(reason);
                    }
            }, Duration.ofMinutes(5)));
            lr.call(() -> null); // the attempt has begun: its socket is connecting
            lr.reactor.stop();
            get(failed);
        } finally {
            lr.close();
        }
        Throwable reason = get(failed);
        assertInstanceOf(ConnectFailedException.class, reason);
        assertTrue(reason.getMessage().contains("reactor shut down"), reason.getMessage());
    }
}
