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

/** fired-then-add 3: the promise already has its value; three stages are added and run at once. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FiredThenAddBenchmark {
    /** Not a constant: otherwise the JIT folds the whole CompletableFuture chain away. */
    private Integer start = 0;
    private int sink;

    @Benchmark
    public int deferred() {
        Deferred.succeed(start).addCallback(x -> x + 1).addCallback(x -> x + 1).addCallback(x -> sink = x + 1);
        return sink;
    }

    @Benchmark
    public int completableFuture() {
        return CompletableFuture.completedFuture(start).thenApply(x -> x + 1).thenApply(x -> x + 1).thenApply(x -> x + 1).join();
    }
}
