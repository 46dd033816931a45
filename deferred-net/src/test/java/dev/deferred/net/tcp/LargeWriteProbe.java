package dev.deferred.net.tcp;

import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.reactor.SelectReactor;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link TcpLargeWriteTest} (with {@code -XX:NativeMemoryTracking=summary}):
 * a server writes {@code args[0]} bytes in one write to a client that reads them all; prints how
 * much the native memory of NMT's "Other" category (where the JDK's temporary direct buffers are
 * counted) grew, measured while the reactor thread that wrote is still alive.
 */
public final class LargeWriteProbe {
    private LargeWriteProbe() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        SelectReactor reactor = new SelectReactor();
        TcpReactor tcp = new TcpReactor(reactor);
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        Thread loop = new Thread(reactor::run, "probe-reactor");
        loop.setDaemon(true);
        loop.start();
        running.await(30, TimeUnit.SECONDS);
        CompletableFuture<Void> lost = new CompletableFuture<>();
        ListeningPort port = reactor.blockingCallFromThread(() -> tcp.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                transport.write(new byte[size]);
                transport.loseConnection();
            }

            @Override
            public void connectionLost(Throwable reason) {
                lost.complete(null);
            }
        }), 50, "127.0.0.1"));
        long before = otherKb();
        long read = 0;
        try (Socket s = new Socket("127.0.0.1", ((IPAddress) port.getHost()).port())) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                read += r;
            }
        }
        lost.get(30, TimeUnit.SECONDS);
        long after = otherKb();
        System.out.println("read " + read);
        System.out.println("other-grew-kb " + (after - before));
        reactor.callFromThread(reactor::stop);
        loop.join(30_000);
    }

    /** NMT's committed KB for "Other", through jcmd on this very JVM. */
    private static long otherKb() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd",
                String.valueOf(ProcessHandle.current().pid()), "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        for (String line : out.split("\n")) {
            int at = line.indexOf("Other (reserved=");
            if (at >= 0) {
                int c = line.indexOf("committed=", at) + "committed=".length();
                return Long.parseLong(line.substring(c, line.indexOf("KB", c)));
            }
        }
        throw new IllegalStateException("no Other category in NMT's summary: " + out);
    }
}
