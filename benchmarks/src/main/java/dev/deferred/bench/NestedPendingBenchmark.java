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
 * The shape is issue 23's, op for op on both sides: a new outer and a new inner promise, one
 * composing stage whose function returns the inner (captured, so one lambda per op each side),
 * the outer fired with null, then the inner with a fresh boxed value. Neither side adds a stage
 * after the composition: each returns its composed promise, which JMH consumes, so the work cannot
 * be dropped and neither promise can be scalar-replaced on one side only. The inner is pending
 * when the composing function returns it, so CompletableFuture cannot take its completed-stage
 * shortcut (it relays from the inner, as the Deferred waits on it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NestedPendingBenchmark {
    /**
     * The value the inner promise is fired with; counted past Integer's box cache so both sides
     * box it afresh, as a real result would be.
     */
    private int next = 1 << 20;

    @Benchmark
    public Deferred<Integer> deferred() {
        Deferred<Void> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> composed = outer.addCallbackDeferred(x -> inner);
        outer.callback(null);
        inner.callback(next++);
        return composed;
    }

    @Benchmark
    public CompletableFuture<Integer> completableFuture() {
        CompletableFuture<Void> outer = new CompletableFuture<>();
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        CompletableFuture<Integer> composed = outer.thenCompose(x -> inner);
        outer.complete(null);
        inner.complete(next++);
        return composed;
    }
}
