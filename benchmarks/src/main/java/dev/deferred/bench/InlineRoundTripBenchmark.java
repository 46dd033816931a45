package dev.deferred.bench;

import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inline callbacks under a real reactor: one client on loopback TCP asks, waits for the echo, asks
 * again, {@value #ROUND_TRIPS} times; one op = one round trip. The reactor thread fires each reply's
 * Deferred, so it drives the body, as in a real client. {@code deferred}: the client is an inline
 * body awaiting each reply (default mechanism: virtual thread, spinning hand-off). {@code callbacks}:
 * the same client written as callbacks, each reply's callback sending the next request, the floor
 * the body cannot go below. {@code noSpin}: the body with the hand-off's spinning turned off, every
 * resume a wake-up from the reactor thread. Server and client share the one reactor thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Ddev.deferred.inlineCallbacks.continuations=false")
@OperationsPerInvocation(InlineRoundTripBenchmark.ROUND_TRIPS)
public class InlineRoundTripBenchmark {
    static final int ROUND_TRIPS = 100;
    private static final byte[] REQUEST = new byte[64];

    private BenchReactor net;
    private Pinger client;

    /** A client that hands each full reply to whoever waits for the next one (reactor thread only). */
    static final class Pinger extends Protocol {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        private Deferred<Integer> reply;
        private int received;

        /** Sends one request; the Deferred fires when its whole echo has come back. */
        Deferred<Integer> ask() {
            reply = new Deferred<>();
            received = 0;
            transport.write(REQUEST);
            return reply;
        }

        @Override
        public void connectionMade() {
            connected.complete(null);
        }

        @Override
        public void dataReceived(byte[] data) {
            received += data.length;
            if (received == REQUEST.length) {
                reply.callback(received);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        net = new BenchReactor();
        client = new Pinger();
        int port = net.listen(Factory.forProtocol(EchoBenchmark.Echo::new), 50);
        net.call(() -> net.tcp.connectTCP("127.0.0.1", port, new ClientFactory(() -> client), Duration.ofSeconds(10)));
        client.connected.get(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
    }

    @Benchmark
    public int deferred() throws Exception {
        return inlineBody();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Ddev.deferred.inlineCallbacks.continuations=false",
            "-Ddev.deferred.inlineCallbacks.spinNanos=0"})
    public int noSpin() throws Exception {
        return inlineBody();
    }

    private int inlineBody() throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        net.reactor.callFromThread(() -> InlineCallbacks.run(co -> {
            int bytes = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                bytes += co.<Integer>await(client.ask());
            }
            return bytes;
        }).addBoth(t -> complete(done, t)));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public int callbacks() throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        net.reactor.callFromThread(() -> askFrom(0, 0, done));
        return done.get(10, TimeUnit.SECONDS);
    }

    /** The explicit-callback client: round trip {@code i}, then the next from its callback. */
    private void askFrom(int i, int bytes, CompletableFuture<Integer> done) {
        if (i == ROUND_TRIPS) {
            done.complete(bytes);
            return;
        }
        client.ask().addBoth(t -> {
            if (t.isFailure()) {
                done.completeExceptionally(t.getCause());
            } else {
                askFrom(i + 1, bytes + t.get(), done);
            }
            return null;
        });
    }

    private static Object complete(CompletableFuture<Integer> done, io.vavr.control.Try<Integer> t) {
        if (t.isSuccess()) {
            done.complete(t.get());
        } else {
            done.completeExceptionally(t.getCause());
        }
        return null;
    }
}
