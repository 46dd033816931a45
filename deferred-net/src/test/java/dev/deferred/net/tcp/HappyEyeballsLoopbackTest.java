package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.HostnameEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPv4Address;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HostnameEndpoint on real loopback sockets: the name resolves to an address that never answers
 * (a listener on 127.0.0.2 whose accept queue is full, so the kernel drops our SYNs) and one that
 * does (127.0.0.1, same port); the second attempt, started 250 ms later, wins long before the
 * timeout and the first is cancelled.
 */
class HappyEyeballsLoopbackTest {

    @Test
    void theAnsweringAddressWinsWhileTheSilentOneHangs() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(); LoopbackReactor lr = new LoopbackReactor()) {
            silent.bind(new InetSocketAddress("127.0.0.2", 0), 1);
            int port = silent.getLocalPort();
            // Fill the accept queue (nobody accepts): once it is full, a connect gets no answer.
            boolean full = false;
            for (int i = 0; i < 16 && !full; i++) {
                Socket s = new Socket();
                try {
                    s.connect(silent.getLocalSocketAddress(), 300);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    full = true;
                }
            }
            assertTrue(full, "could not make 127.0.0.2:" + port + " silent (this test needs Linux's loopback)");

            lr.await(() -> new TCP4ServerEndpoint(lr.tcp, port, 50, "127.0.0.1").listen(Factory.forProtocol(Echo::new)));
            List<InetAddress> answer = List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
            HostnameEndpoint ep = new HostnameEndpoint(lr.tcp, lr.reactor, host -> Deferred.succeed(answer),
                    "svc.test", port, Duration.ofSeconds(20), HostnameEndpoint.DEFAULT_ATTEMPT_DELAY, null);
            Collector c = new Collector("hi".getBytes(UTF_8), 2);
            long start = System.nanoTime();
            lr.await(() -> Endpoints.connectProtocol(ep, c));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(new IPv4Address("127.0.0.1", port), lr.call(() -> c.getTransport().getPeer()));
            assertArrayEquals("hi".getBytes(UTF_8), get(c.all));
            assertTrue(tookMillis < 10_000, "won in " + tookMillis + " ms, well under the 20 s timeout");
            // A lower bound the clock cannot break: the winner started only after the attempt delay,
            // so the silent attempt was still pending then (it neither failed nor connected).
            assertTrue(tookMillis >= 250, "won in " + tookMillis + " ms: the first attempt must have failed early");
            lr.call(() -> {
                c.getTransport().loseConnection();
                return null;
            });
            get(c.lost);
        } finally {
            for (Socket s : fillers) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            }
        }
    }
}
