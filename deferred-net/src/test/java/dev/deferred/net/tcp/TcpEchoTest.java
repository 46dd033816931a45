package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Bytes over real loopback TCP on a SelectReactor: round trips, many writes, big writes. */
class TcpEchoTest {

    private static ListeningPort listenEcho(LoopbackReactor lr) throws Exception {
        // A backlog above the number of simultaneous connects: when the accept queue overflows,
        // the kernel may reset connections the client already saw as established.
        return lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 2048, "127.0.0.1")
                .listen(Factory.forProtocol(Echo::new)));
    }

    private static Collector connect(LoopbackReactor lr, int port, Collector c) throws Exception {
        Collector got = lr.await(() -> Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", port), c));
        assertSame(c, got);
        return c;
    }

    @Test
    void echoRoundTripThroughEndpoints() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = listenEcho(lr);
            int p = ((IPAddress) port.getHost()).port();
            assertNotEquals(0, p, "port 0 gives an ephemeral port");
            Collector c = connect(lr, p, new Collector("hello".getBytes(UTF_8), 5));
            assertArrayEquals("hello".getBytes(UTF_8), get(c.all));
            assertEquals(new IPv4Address("127.0.0.1", p), lr.call(() -> c.getTransport().getPeer()));
            assertEquals("127.0.0.1", lr.call(() -> ((IPv4Address) c.getTransport().getHost()).host()));
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            assertInstanceOf(ConnectionDoneException.class, get(c.lost));
            assertEquals(1, c.lostCalls.get());
            lr.await(port::stopListening);
        }
    }

    @Test
    void manySmallWritesArriveInOrder() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            expected.writeBytes(String.format("msg %08d;", i).getBytes(UTF_8));
        }
        byte[] bytes = expected.toByteArray();
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int p = ((IPAddress) listenEcho(lr).getHost()).port();
            Collector c = new Collector(new byte[0], bytes.length) {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    byte[] reused = new byte[13];
                    for (int i = 0; i < 10_000; i++) {
                        // One array for every write: the transport must copy what it queues.
                        System.arraycopy(bytes, i * 13, reused, 0, 13);
                        transport.write(reused);
                    }
                }
            };
            connect(lr, p, c);
            assertArrayEquals(bytes, get(c.all));
        }
    }

    @Test
    void aLargeWriteThenLoseConnectionDeliversEverythingBeforeClosing() throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        new Random(42).nextBytes(big);
        CompletableFuture<Throwable> serverLost = new CompletableFuture<>();
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Factory sender = Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    transport.write(big);
                    transport.loseConnection(); // closes only once the 8 MB have been sent
                }

                @Override
                public void connectionLost(Throwable reason) {
                    serverLost.complete(reason);
                }
            });
            int p = ((IPAddress) lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1").listen(sender)).getHost()).port();
            Collector c = connect(lr, p, new Collector(new byte[0], big.length));
            assertInstanceOf(ConnectionDoneException.class, get(c.lost));
            assertArrayEquals(big, c.received.toByteArray());
            assertInstanceOf(ConnectionDoneException.class, get(serverLost));
        }
    }

    @Test
    void manyConcurrentConnectionsEachEchoTheirOwnBytes() throws Exception {
        int clients = 1000;
        int size = 100 * 1024;
        try (LoopbackReactor lr = new LoopbackReactor()) {
            int p = ((IPAddress) listenEcho(lr).getHost()).port();
            List<Collector> all = new ArrayList<>();
            List<Long> sums = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < clients; i++) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                CRC32 crc = new CRC32();
                crc.update(data);
                sums.add(crc.getValue());
                all.add(new Collector(data, size));
            }
            lr.call(() -> {
                for (Collector c : all) {
                    Endpoints.connectProtocol(new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), c);
                }
                return null;
            });
            get(CompletableFuture.allOf(all.stream().map(c -> c.all).toArray(CompletableFuture[]::new)));
            for (int i = 0; i < clients; i++) {
                byte[] back = all.get(i).all.join();
                assertEquals(size, back.length, "client " + i + " got exactly its bytes back");
                CRC32 crc = new CRC32();
                crc.update(back);
                assertEquals(sums.get(i), crc.getValue(), "checksum of client " + i);
            }
        }
    }
}
