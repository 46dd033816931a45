package dev.deferred.bench;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@link DeferredContext} costs, against the same work without one (each case runs in a JVM
 * of its own, so a "noContext" row never sees a context):
 * <ul>
 *   <li>chain3 ({@link Chain3Benchmark#deferred}'s chain): with no context ever used in the JVM
 *       ({@code chain3NoContext}, the figure to compare with today); with no context but contexts
 *       used elsewhere in the JVM ({@code chain3NoContextAfterUse}, one thread-local read per added
 *       step); entered in a context, steps added and fired in it ({@code chain3InContext}); steps
 *       added in a context and fired outside it ({@code chain3AddedInContextFiredOutside}, every
 *       step switches the thread's context twice).</li>
 *   <li>callFromThread from two producers ({@link ReactorCallFromThreadBenchmark#deferred}'s
 *       batches), without and with a context (each task is then wrapped and switches the loop
 *       thread's context).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContextBenchmark {
    static final ContextKey<String> REQUEST = ContextKey.named("requestId");
    static final DeferredContext CONTEXT = DeferredContext.empty().bind(REQUEST, "r-42");

    /** The chain's state: where it leaves its result. */
    @State(Scope.Thread)
    public static class Chain {
        int sink;

        int chain3() {
            Deferred<Integer> d = new Deferred<>();
            d.addCallback(x -> x + 1).addCallback(x -> x + 1).addCallback(x -> sink = x + 1);
            d.callback(0);
            return sink;
        }
    }

    /** Like {@link Chain}, after a context has been used once in this JVM. */
    @State(Scope.Thread)
    public static class ChainAfterUse extends Chain {
        @Setup
        public void useAContextOnce() {
            CONTEXT.run(() -> { });
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int chain3NoContext(Chain c) {
        return c.chain3();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int chain3NoContextAfterUse(ChainAfterUse c) {
        return c.chain3();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int chain3InContext(Chain c) {
        return CONTEXT.call(c::chain3);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int chain3AddedInContextFiredOutside(Chain c) {
        Deferred<Integer> d = new Deferred<>();
        CONTEXT.run(() -> d.addCallback(x -> x + 1).addCallback(x -> x + 1).addCallback(x -> c.sink = x + 1));
        d.callback(0);
        return c.sink;
    }

    /** A running reactor shared by the producers. */
    @State(Scope.Benchmark)
    public static class Loop {
        ReactorPeers peers;

        @Setup
        public void setUp() throws InterruptedException {
            peers = new ReactorPeers();
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            peers.close();
        }
    }

    @Benchmark
    @Threads(2)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ReactorCallFromThreadBenchmark.BATCH)
    public int callFromThreadNoContext(Loop loop, ReactorCallFromThreadBenchmark.Producer p) {
        return p.batch(loop.peers.reactor::callFromThread);
    }

    @Benchmark
    @Threads(2)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ReactorCallFromThreadBenchmark.BATCH)
    public int callFromThreadInContext(Loop loop, ReactorCallFromThreadBenchmark.Producer p) {
        return CONTEXT.call(() -> p.batch(loop.peers.reactor::callFromThread));
    }
}
