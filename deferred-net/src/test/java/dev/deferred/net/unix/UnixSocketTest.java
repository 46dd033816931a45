package dev.deferred.net.unix;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.UNIXClientEndpoint;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.HalfCloseableProtocol;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.PushProducer;
import dev.deferred.net.protocol.UNIXAddress;
import dev.deferred.net.tcp.LoopbackReactor;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UNIX-domain stream sockets on a running SelectReactor, against socat and Python peers. */
class UnixSocketTest {

    /** Echoes, and closes once the peer has half-closed and everything is echoed. */
    static class Echo extends Protocol implements HalfCloseableProtocol {
        final CompletableFuture<Protocol> made = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            made.complete(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        @Override
        public void readConnectionLost() {
            transport.loseConnection();
        }

        @Override
        public void writeConnectionLost() {
        }
    }

    /** Sends {@code data} at connect, half-closes, collects what comes back. */
    static class Sender extends Protocol implements HalfCloseableProtocol {
        final byte[] data;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        Sender(byte[] data) {
            this.data = data;
        }

        @Override
        public void connectionMade() {
            for (int off = 0; off < data.length; off += 100_000) {
                transport.write(java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 100_000)));
            }
            transport.loseWriteConnection();
        }

        @Override
        public void dataReceived(byte[] d) {
            got.writeBytes(d);
        }

        @Override
        public void readConnectionLost() {
        }

        @Override
        public void writeConnectionLost() {
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.complete(reason);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void tenMegabytesEchoBetweenOurServerAndClientThroughEndpointStrings(@TempDir Path dir) throws Exception {
        String path = dir.resolve("echo.sock").toString();
        byte[] data = random(10 << 20);
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            Echo[] server = new Echo[1];
            ListeningPort port = lr.await(() -> Endpoints.serverFromString(unix, "unix:" + path + ":mode=600")
                    .listen(Factory.forProtocol(() -> server[0] = new Echo())));
            assertEquals(new UNIXAddress(path), port.getHost());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
            assertTrue(Files.isSymbolicLink(Path.of(path + ".lock")), "lockfile defaults to 1 in server strings");
            Sender s = new Sender(data);
            lr.await(() -> Endpoints.connectProtocol(Endpoints.clientFromString(unix, "unix:path=" + path + ":timeout=5"), s));
            assertEquals(new UNIXAddress(path), lr.call(() -> s.getTransport().getPeer()));
            assertEquals(new UNIXAddress(null), lr.call(() -> s.getTransport().getHost()));
            assertInstanceOf(ConnectionDoneException.class, get(s.lost));
            assertArrayEquals(data, s.got.toByteArray());
            assertEquals(new UNIXAddress(path), lr.call(() -> server[0].getTransport().getHost()));
            assertEquals(new UNIXAddress(null), lr.call(() -> server[0].getTransport().getPeer()));
            lr.await(port::stopListening);
            assertFalse(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS), "socket file removed");
            assertFalse(Files.exists(Path.of(path + ".lock"), LinkOption.NOFOLLOW_LINKS), "lock removed");
        }
    }

    /**
     * Flow control is the TCP transport's: a streaming producer on a UNIX connection is paused
     * when the peer stops reading, and resumed once it reads again.
     */
    @Test
    void aStreamingProducerIsPausedWhileThePeerDoesNotRead(@TempDir Path dir) throws Exception {
        String path = dir.resolve("flow.sock").toString();
        int total = 8 << 20;
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            CompletableFuture<Long> received = new CompletableFuture<>();
            // Completed on the reactor thread; the client may connect before the server accepts.
            CompletableFuture<Protocol> server = new CompletableFuture<>();
            lr.call(() -> unix.listenUNIX(path, Factory.forProtocol(() -> new Protocol() {
                long n;

                @Override
                public void connectionMade() {
                    transport.pauseProducing(); // not reading: the client's buffers fill up
                    server.complete(this);
                }

                @Override
                public void dataReceived(byte[] data) {
                    n += data.length;
                }

                @Override
                public void connectionLost(Throwable reason) {
                    received.complete(n);
                }
            })));
            int[] pauses = new int[1];
            Protocol client = new Protocol() {
                int sent;
                boolean paused;

                @Override
                public void connectionMade() {
                    PushProducer producer = new PushProducer() {
                        @Override
                        public void pauseProducing() {
                            paused = true;
                            pauses[0]++;
                            server.thenAccept(p -> p.getTransport().resumeProducing()); // the peer reads again
                        }

                        @Override
                        public void resumeProducing() {
                            paused = false;
                            while (!paused && sent < total) {
                                sent += 32 * 1024;
                                transport.write(new byte[32 * 1024]);
                            }
                            if (sent >= total && !paused) {
                                transport.unregisterProducer();
                                transport.loseConnection();
                            }
                        }

                        @Override
                        public void stopProducing() {
                        }
                    };
                    transport.registerProducer(producer, true);
                    producer.resumeProducing(); // a push producer starts on its own
                }
            };
            lr.await(() -> Endpoints.connectProtocol(new UNIXClientEndpoint(unix, path), client));
            assertEquals(total, (long) get(received));
            assertTrue(pauses[0] >= 1, "the producer was paused while the peer did not read");
        }
    }

    @Test
    void socatClientEchoesTenMegabytesThroughOurServer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("s.sock");
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        byte[] data = random(10 << 20);
        Files.write(in, data);
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            lr.call(() -> unix.listenUNIX(sock.toString(), Factory.forProtocol(Echo::new)));
            // -t 30: after its input ends, socat waits for our side to close (not the default 0.5 s).
            Process socat = new ProcessBuilder("socat", "-t", "30", "-b", "65536", "-", "UNIX-CONNECT:" + sock)
                    .redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                assertTrue(socat.waitFor(60, TimeUnit.SECONDS), "socat finished");
                assertEquals(0, socat.exitValue());
            } finally {
                socat.destroyForcibly();
            }
            assertArrayEquals(data, Files.readAllBytes(out));
        }
        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS), "the reactor's shutdown removed the socket file");
    }

    @Test
    void ourClientEchoesTenMegabytesThroughAPythonServer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("py.sock");
        String server = String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX)",
                "s.bind(sys.argv[1]); s.listen(1)",
                "print('ready', flush=True)",
                "c, _ = s.accept()",
                "while True:",
                "    d = c.recv(65536)",
                "    if not d: break",
                "    c.sendall(d)",
                "c.close()");
        Process py = new ProcessBuilder("python3", "-c", server, sock.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (LoopbackReactor lr = new LoopbackReactor()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(py.getInputStream(), UTF_8));
            assertEquals("ready", r.readLine());
            UnixReactor unix = new UnixReactor(lr.tcp);
            byte[] data = random(10 << 20);
            Sender s = new Sender(data);
            lr.await(() -> Endpoints.connectProtocol(new UNIXClientEndpoint(unix, sock.toString()), s));
            assertInstanceOf(ConnectionDoneException.class, get(s.lost));
            assertArrayEquals(data, s.got.toByteArray());
            assertTrue(py.waitFor(30, TimeUnit.SECONDS));
        } finally {
            py.destroyForcibly();
        }
    }

    @Test
    void staleSocketFileIsReplacedOnlyWithTheLockFile(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("stale.sock");
        // A server that died: its socket file is left behind (the JDK does not remove it) ...
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock));
        }
        // ... and its lock names a process that no longer exists.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createSymbolicLink(Path.of(sock + ".lock"), Path.of(Long.toString(gone.pid())));
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            Factory f = Factory.forProtocol(Echo::new);
            CannotListenException plain = assertThrows(CannotListenException.class,
                    () -> lr.call(() -> unix.listenUNIX(sock.toString(), f)));
            assertTrue(plain.getMessage().contains("lockfile=1"), plain.getMessage());
            // Connecting to it is refused: nothing listens.
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            lr.call(() -> Endpoints.connectProtocol(new UNIXClientEndpoint(unix, sock.toString()), new Echo())
                    .addErrback(e -> {
                        refused.complete(e);
                        return null;
                    }));
            assertInstanceOf(ConnectionRefusedException.class, get(refused));

            ListeningPort port = lr.call(() -> unix.listenUNIX(sock.toString(), f, 50, 0666, true));
            assertEquals(Long.toString(ProcessHandle.current().pid()),
                    Files.readSymbolicLink(Path.of(sock + ".lock")).toString(), "the lock is ours now");
            CannotListenException second = assertThrows(CannotListenException.class,
                    () -> lr.call(() -> unix.listenUNIX(sock.toString(), f, 50, 0666, true)));
            assertTrue(second.getMessage().contains("held by a live process"), second.getMessage());
            Echo e = new Echo();
            lr.await(() -> Endpoints.connectProtocol(new UNIXClientEndpoint(unix, sock.toString(), Duration.ofSeconds(5), true), e));
            lr.await(port::stopListening);
            assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, f.getNumPorts(), "the failed listens did not leave the factory started");
        }
    }

    static long openFds() throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Every failure closes what it opened: the same number of descriptors after 1 and 4 rounds. */
    @Test
    void failuresLeaveNoDescriptorOrFileBehind(@TempDir Path dir) throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            Factory f = Factory.forProtocol(Echo::new);
            long[] after = new long[5];
            for (int round = 1; round <= 4; round++) {
                assertThrows(CannotListenException.class,
                        () -> lr.call(() -> unix.listenUNIX(dir.resolve("no/dir.sock").toString(), f, 50, 0666, true)));
                assertThrows(CannotListenException.class, () -> lr.call(() -> unix.listenUNIX(stale.toString(), f)));
                for (String target : new String[] {dir.resolve("none.sock").toString(), stale.toString()}) {
                    CompletableFuture<Throwable> failed = new CompletableFuture<>();
                    lr.call(() -> unix.connectUNIX(target, new ClientFactory(Echo::new) {
                        @Override
                        public void clientConnectionFailed(Connector connector, Throwable reason) {
                            failed.complete(reason);
                        }
                    }));
                    assertInstanceOf(ConnectFailedException.class, get(failed));
                }
                after[round] = openFds();
            }
            assertEquals(after[1], after[4], "descriptors open after round 1 and after round 4");
            assertEquals(0, f.getNumPorts());
            try (var left = Files.list(dir)) {
                assertEquals(List.of(stale), left.toList(), "no lock, socket or directory created");
            }
        }
    }

    @Test
    void badInputFailsClearly(@TempDir Path dir) throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            Factory f = Factory.forProtocol(Echo::new);
            String tooLong = dir.resolve("x".repeat(120)).toString();
            IllegalArgumentException longPath = assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> unix.listenUNIX(tooLong, f)));
            assertTrue(longPath.getMessage().contains("limit is 107"), longPath.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> lr.call(() -> unix.connectUNIX(tooLong, new ClientFactory(Echo::new))));
            Path noDir = dir.resolve("missing").resolve("s.sock");
            CannotListenException missing = assertThrows(CannotListenException.class,
                    () -> lr.call(() -> unix.listenUNIX(noDir.toString(), f, 50, 0666, true)));
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
            assertFalse(Files.exists(Path.of(noDir + ".lock"), LinkOption.NOFOLLOW_LINKS));

            CompletableFuture<Throwable> noFile = new CompletableFuture<>();
            ClientFactory cf = new ClientFactory(Echo::new) {
                @Override
                public void clientConnectionFailed(Connector connector, Throwable reason) {
                    noFile.complete(reason);
                }
            };
            lr.call(() -> unix.connectUNIX(dir.resolve("nothing.sock").toString(), cf));
            Throwable t = get(noFile);
            assertInstanceOf(ConnectFailedException.class, t);
            assertTrue(t.getMessage().contains("no such file"), t.getMessage());
            // Read on the reactor thread: the factory is stopped after clientConnectionFailed returns.
            assertEquals(0, (int) lr.call(cf::getNumPorts));

            CompletableFuture<Throwable> noLock = new CompletableFuture<>();
            lr.call(() -> Endpoints.connectProtocol(
                    Endpoints.clientFromString(unix, "unix:" + dir.resolve("nothing.sock") + ":lockfile=1"), new Echo())
                    .addErrback(e -> {
                        noLock.complete(e);
                        return null;
                    }));
            assertTrue(get(noLock).getMessage().contains("lock file"), get(noLock).getMessage());

            IllegalArgumentException notUnix = assertThrows(IllegalArgumentException.class,
                    () -> Endpoints.serverFromString(lr.tcp, "unix:/tmp/x.sock"));
            assertTrue(notUnix.getMessage().contains("UnixReactor"), notUnix.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Endpoints.serverFromString(unix, "unix:/tmp/x:mode=9"));
            assertThrows(IllegalArgumentException.class, () -> Endpoints.clientFromString(unix, "unix:timeout=3"));
        }
    }
}
