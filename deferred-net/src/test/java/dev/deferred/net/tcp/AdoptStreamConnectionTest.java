package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.Protocol;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** adoptStreamConnection runs a protocol over a channel connected elsewhere, with the TCP transport. */
class AdoptStreamConnectionTest {

    @Test
    void anAdoptedChannelGetsTheSameTransport() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Factory echo = Factory.forProtocol(() -> new Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    transport.write(data);
                    transport.loseConnection();
                }
            });
            int port = ((IPAddress) lr.call(() -> lr.tcp.listenTCP(0, echo, 50, "127.0.0.1")).getHost()).port();
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port)); // connected, blocking
            IllegalArgumentException blocking = assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> lr.tcp.adoptStreamConnection(ch, new Protocol() { }, null, null, null)));
            assertTrue(blocking.getMessage().contains("non-blocking"), blocking.getMessage());
            ch.configureBlocking(false);
            StringBuilder got = new StringBuilder();
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            CompletableFuture<Throwable> told = new CompletableFuture<>();
            Protocol p = new Protocol() {
                @Override
                public void connectionMade() {
                    transport.write("adopted".getBytes(UTF_8));
                }

                @Override
                public void dataReceived(byte[] data) {
                    got.append(new String(data, UTF_8));
                }

                @Override
                public void connectionLost(Throwable reason) {
                    lost.complete(reason);
                }
            };
            Address host = Address.of((InetSocketAddress) ch.getLocalAddress());
            Address peer = Address.of((InetSocketAddress) ch.getRemoteAddress());
            lr.call(() -> lr.tcp.adoptStreamConnection(ch, p, host, peer, told::complete));
            assertInstanceOf(ConnectionDoneException.class, get(lost));
            assertEquals(get(lost), get(told), "onLost hears the same reason, after the protocol");
            assertEquals("adopted", got.toString());
            assertEquals(peer, lr.call(() -> p.getTransport().getPeer()));
        }
    }
}
