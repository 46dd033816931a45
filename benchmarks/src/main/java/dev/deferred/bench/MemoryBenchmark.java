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

/**
 * memory: what a pending promise with one stage costs, read from {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} (bytes per op). The stage is a non-capturing lambda, so the figure is
 * the promise machinery alone. Returned objects escape, so nothing is scalar-replaced.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MemoryBenchmark {

    @Benchmark
    public Object deferredPendingOneCallback() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1);
        return d;
    }

    @Benchmark
    public Object completableFuturePendingOneCallback() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        return f.thenApply(x -> x + 1);
    }
}
