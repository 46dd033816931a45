package dev.deferred.bench;

import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.net.tcp.TcpReactorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link EchoBenchmark}'s 100-connection echo on a {@link TcpReactorGroup} of 1 or more reactors:
 * the server's port spreads its connections round robin over the group, and the clients are
 * spread over the same group (so each reactor serves as many clients as server connections).
 * Score = messages per second; compare the {@code reactors} rows of one run. On this 2-core
 * machine 2 reactors is the most that can help.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EchoGroupBenchmark {
    static final int BURST = 100;
    static final int CONNECTIONS = 100;

    /** Bytes per message. */
    @Param({"1024", "65536"})
    public int size;

    /** Reactors in the group. */
    @Param({"1", "2"})
    public int reactors;

    /** Counts its share of one burst's echo; the last client to finish completes the burst. */
    static final class Client extends Protocol {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        long pending;
        AtomicInteger clientsLeft;
        CompletableFuture<Void> done;

        @Override
        public void connectionMade() {
            connected.complete(null);
        }

        @Override
        public void dataReceived(byte[] data) {
            pending -= data.length;
            if (pending == 0 && clientsLeft.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }

    private TcpReactorGroup group;
    private final List<List<Client>> byMember = new ArrayList<>();
    private byte[] message;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        message = new byte[size];
        group = new TcpReactorGroup(reactors);
        for (int i = 0; i < reactors; i++) {
            byMember.add(new ArrayList<>());
        }
        int port = ((dev.deferred.net.protocol.IPAddress) group.listenTCP(0,
                Factory.forProtocol(EchoBenchmark.Echo::new), 1024, "127.0.0.1").getHost()).port();
        for (int k = 0; k < CONNECTIONS; k++) {
            Client c = new Client();
            // Round robin from outside the group: client k lands on member k % reactors.
            byMember.get(k % reactors).add(c);
            group.connectTCP("127.0.0.1", port, new ClientFactory(() -> c), Duration.ofSeconds(10));
            c.connected.get(10, TimeUnit.SECONDS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        group.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void deferred() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(CONNECTIONS);
        int each = BURST / CONNECTIONS;
        for (int i = 0; i < reactors; i++) {
            List<Client> mine = byMember.get(i);
            TcpReactor m = group.member(i);
            m.getReactor().callFromThread(() -> {
                for (Client c : mine) {
                    c.done = f;
                    c.clientsLeft = left;
                    c.pending = (long) size * each;
                    for (int j = 0; j < each; j++) {
                        c.getTransport().write(message);
                    }
                }
            });
        }
        f.get(10, TimeUnit.SECONDS);
    }
}
