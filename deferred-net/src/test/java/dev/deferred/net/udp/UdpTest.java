package dev.deferred.net.udp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.tcp.LoopbackReactor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** UDP on a running SelectReactor, against Python and plain JDK peers on 127.0.0.1. */
class UdpTest {

    /** Echoes every datagram and remembers what it saw. */
    static class Echo extends DatagramProtocol {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> refused = new CompletableFuture<>();
        final boolean echo;

        Echo(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void datagramReceived(byte[] data, IPAddress from) {
            String s = new String(data, UTF_8);
            seen.add(s.length() >= 6 ? s.substring(0, 6) : s);
            received.add(s);
            if (echo) {
                transport.write(data, from);
            }
        }

        @Override
        public void connectionRefused() {
            refused.complete(null);
        }

        String next() throws InterruptedException {
            String s = received.poll(LoopbackReactor.WAIT_SECONDS, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no datagram within " + LoopbackReactor.WAIT_SECONDS + " s");
            }
            return s;
        }
    }

    @Test
    void thousandDatagramsEchoedWithLossAccounted() throws Exception {
        String client = String.join("\n",
                "import socket, sys",
                "port = int(sys.argv[1]); n = 1000; window = 32",
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)",
                "def payload(i): return (b'%06d:' % i) + bytes([65 + i % 26]) * 500",
                "got = set(); bad = 0; out = 0; i = 0",
                "while i < n or out > 0:",
                "    while i < n and out < window:",
                "        s.sendto(payload(i), ('127.0.0.1', port)); i += 1; out += 1",
                "    try:",
                "        d, _ = s.recvfrom(65536)",
                "    except socket.timeout:",
                "        break",
                "    seq = int(d[:6])",
                "    if d != payload(seq) or seq in got: bad += 1",
                "    got.add(seq); out -= 1",
                "print(len(got), bad, flush=True)");
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo echo = new Echo(true);
            DatagramTransport port = lr.call(() -> udp.listenUDP(0, echo, "127.0.0.1", 8192));
            Process py = new ProcessBuilder("python3", "-c", client, Integer.toString(port.getHost().port()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                String[] result = new BufferedReader(new InputStreamReader(py.getInputStream(), UTF_8)).readLine().split(" ");
                assertTrue(py.waitFor(30, TimeUnit.SECONDS));
                int echoed = Integer.parseInt(result[0]);
                int receivedHere = echo.seen.size();
                int lostOnTheWayIn = 1000 - receivedHere;
                int lostOnTheWayBack = receivedHere - echoed;
                System.out.printf("UDP 1000 datagrams: received %d (lost in %d), echoed back %d (lost back %d)%n",
                        receivedHere, lostOnTheWayIn, echoed, lostOnTheWayBack);
                assertEquals("0", result[1], "every echo intact and seen once");
                assertEquals(receivedHere, echo.received.size(), "no datagram delivered twice");
                assertTrue(lostOnTheWayBack >= 0, "nothing echoed that we did not receive");
                // With 32 datagrams in flight, loopback never overflows the 208 KiB receive buffers.
                assertTrue(lostOnTheWayIn + lostOnTheWayBack <= 10, "loss above 1%: " + (1000 - echoed));
            } finally {
                py.destroyForcibly();
            }
            lr.await(port::stopListening);
            assertNull(echo.getTransport(), "stopProtocol detached the protocol");
        }
    }

    @Test
    void connectedPortHearsConnectionRefused() throws Exception {
        int closed;
        try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            closed = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo p = new Echo(false);
            DatagramTransport t = lr.call(() -> udp.listenUDP(0, p, "127.0.0.1", 8192));
            lr.await(() -> t.connect("127.0.0.1", closed));
            assertEquals(new IPv4Address("127.0.0.1", closed), t.getPeer());
            lr.call(() -> t.write("anyone?".getBytes(UTF_8)));
            get(p.refused);
            assertThrows(IllegalStateException.class, () -> lr.await(() -> t.connect("127.0.0.1", 9)));
        }
    }

    @Test
    void connectResolvesANameOffTheReactorThreadAndTalksToThePeer() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo server = new Echo(true);
            Echo client = new Echo(false);
            DatagramTransport s = lr.call(() -> udp.listenUDP(0, server, "127.0.0.1", 8192));
            DatagramTransport c = lr.call(() -> udp.listenUDP(0, client, "127.0.0.1", 8192));
            lr.await(() -> c.connect("localhost", s.getHost().port()));
            assertEquals(new IPv4Address("127.0.0.1", s.getHost().port()), c.getPeer());
            assertEquals(5, (int) lr.call(() -> c.write("hello".getBytes(UTF_8))));
            assertEquals("hello", client.next());
            assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> c.write(new byte[1], new IPv4Address("127.0.0.1", 1))),
                    "a connected port sends to its peer only");
        }
    }

    @Test
    void datagramLargerThanMaxPacketSizeIsDroppedAndCounted() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor();
                DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo p = new Echo(false);
            DatagramTransport t = lr.call(() -> udp.listenUDP(0, p, "127.0.0.1", 1024));
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", t.getHost().port());
            peer.send(ByteBuffer.wrap(new byte[2000]), to);
            peer.send(ByteBuffer.wrap("x".repeat(1024).getBytes(UTF_8)), to);
            assertEquals(1024, p.next().length(), "a datagram of exactly maxPacketSize is delivered");
            assertEquals(1L, (long) lr.call(t::getOversizedDatagrams));
            assertTrue(p.received.isEmpty(), "the oversized one was not delivered cut short");
        }
    }

    /** A failed listen closes its socket: the same number of descriptors after 1 and 4 rounds. */
    @Test
    void aPortInUseLeavesNoDescriptorBehind() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            DatagramTransport t = lr.call(() -> udp.listenUDP(0, new Echo(false), "127.0.0.1", 8192));
            long[] after = new long[5];
            for (int round = 1; round <= 4; round++) {
                assertThrows(CannotListenException.class,
                        () -> lr.call(() -> udp.listenUDP(t.getHost().port(), new Echo(false), "127.0.0.1", 8192)));
                try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
                    after[round] = fds.count();
                }
            }
            assertEquals(after[1], after[4]);
        }
    }

    /** A paused port leaves datagrams in the socket's buffer and delivers them on resume. */
    @Test
    void pausedPortDeliversNothingUntilResumed() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor();
                DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo p = new Echo(false);
            DatagramTransport t = lr.call(() -> udp.listenUDP(0, p, "127.0.0.1", 8192));
            lr.call(() -> {
                t.pauseProducing();
                return null;
            });
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", t.getHost().port());
            for (String m : new String[] {"a", "b", "c"}) {
                peer.send(ByteBuffer.wrap(m.getBytes(UTF_8)), to); // queued in our socket on return (loopback)
            }
            // Two round trips through the loop: at least one full select-and-dispatch in between,
            // which would have delivered them if the port were reading.
            lr.call(() -> null);
            lr.call(() -> null);
            assertTrue(p.received.isEmpty(), "nothing delivered while paused: " + p.received);
            lr.call(() -> {
                t.resumeProducing();
                return null;
            });
            assertEquals("a", p.next());
            assertEquals("b", p.next());
            assertEquals("c", p.next());
        }
    }

    @Test
    void badInputFailsClearly() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo p = new Echo(false);
            DatagramTransport t = lr.call(() -> udp.listenUDP(0, p, "127.0.0.1", 8192));
            int used = t.getHost().port();
            Echo other = new Echo(false);
            CannotListenException inUse = assertThrows(CannotListenException.class,
                    () -> lr.call(() -> udp.listenUDP(used, other, "127.0.0.1", 8192)));
            assertTrue(inUse.getMessage().contains("port " + used), inUse.getMessage());
            assertNull(other.getTransport(), "a failed listen leaves the protocol unattached");
            assertThrows(IllegalStateException.class, () -> lr.call(() -> udp.listenUDP(0, p, "127.0.0.1", 8192)),
                    "a protocol serves one port at a time");
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> t.write(new byte[70_000], new IPv4Address("127.0.0.1", used))));
            assertTrue(big.getMessage().contains("65507"), big.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> t.write(new byte[1], new IPv4Address("localhost", used))));
            assertThrows(IllegalStateException.class, () -> lr.call(() -> t.write(new byte[1])));
            assertThrows(IllegalArgumentException.class, () -> lr.call(() -> udp.listenUDP(0, other, "localhost", 8192)));
            assertThrows(IllegalArgumentException.class, () -> lr.call(() -> t.joinGroup("10.0.0.1", "")));
            Throwable notJoined = assertThrows(Exception.class, () -> lr.await(() -> t.leaveGroup("239.1.1.1", "127.0.0.1")));
            assertInstanceOf(IllegalStateException.class, notJoined);
            lr.await(t::stopListening);
            assertThrows(IllegalStateException.class,
                    () -> lr.call(() -> t.write(new byte[1], new IPv4Address("127.0.0.1", used))));
        }
    }

    @Test
    void multicastJoinAndLeaveOnLoopback() throws Exception {
        String group = "239.255.42.99";
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        try (LoopbackReactor lr = new LoopbackReactor();
                DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            UdpReactor udp = new UdpReactor(lr.reactor);
            Echo p = new Echo(false);
            DatagramTransport t = lr.call(() -> udp.listenMulticast(0, p, "", 8192, true));
            int port = t.getHost().port();
            lr.await(() -> t.joinGroup(group, "127.0.0.1"));
            sender.send(ByteBuffer.wrap("to the group".getBytes(UTF_8)), new InetSocketAddress(group, port));
            assertEquals("to the group", p.next());
            lr.await(() -> t.leaveGroup(group, "127.0.0.1"));
            // After leaving, a group datagram sent before a unicast one is not received: the
            // unicast one is the next to arrive (both travel the loopback in order).
            sender.send(ByteBuffer.wrap("to the group again".getBytes(UTF_8)), new InetSocketAddress(group, port));
            sender.send(ByteBuffer.wrap("direct".getBytes(UTF_8)), new InetSocketAddress("127.0.0.1", port));
            assertEquals("direct", p.next());
        }
    }
}
