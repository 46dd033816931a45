package dev.deferred.bench;

import dev.deferred.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * fired-then-add 3: a promise that already has its value (received from elsewhere, so it escapes)
 * gets three stages, which run at once. Without the escape the JIT scalar-replaces the whole
 * CompletableFuture chain and the benchmark measures nothing (0 B/op, hundreds of ops/µs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FiredThenAddBenchmark {
    /** Not a constant: otherwise the JIT folds the whole chain away. */
    private Integer start = 0;
    private int sink;

    @Benchmark
    public int deferred(Blackhole bh) {
        Deferred<Integer> fired = Deferred.succeed(start);
        bh.consume(fired);
        fired.addCallback(x -> x + 1).addCallback(x -> x + 1).addCallback(x -> sink = x + 1);
        return sink;
    }

    @Benchmark
    public int completableFuture(Blackhole bh) {
        CompletableFuture<Integer> fired = CompletableFuture.completedFuture(start);
        bh.consume(fired);
        return fired.thenApply(x -> x + 1).thenApply(x -> x + 1).thenApply(x -> x + 1).join();
    }
}
