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
 * nested: a stage returns a promise that is still pending (Deferred chaining, CompletableFuture
 * thenCompose); the outer chain waits, then the inner one is completed and the outer goes on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NestedPendingBenchmark {
    private int sink;

    @Benchmark
    public int deferred() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> sink = x + 1);
        outer.callback(0);
        inner.callback(1);
        return sink;
    }

    @Benchmark
    public int completableFuture() {
        CompletableFuture<Integer> outer = new CompletableFuture<>();
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        CompletableFuture<Integer> last = outer.thenCompose(x -> inner).thenApply(x -> x + 1);
        outer.complete(0);
        inner.complete(1);
        return last.join();
    }
}
