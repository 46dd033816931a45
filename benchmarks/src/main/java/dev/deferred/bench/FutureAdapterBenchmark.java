package dev.deferred.bench;

import dev.deferred.Deferred;
import dev.deferred.future.DeferredFutures;
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
 * The cost of crossing between Deferred and CompletableFuture: a Deferred converted to a
 * CompletableFuture and back (two hops), fired, its result read; against a plain CompletableFuture
 * with two {@code thenApply} stages (two hops), completed, its result read. Each pair is measured
 * with the source unfired when the chain is built (the result travels through registered
 * callbacks) and already fired (the synchronous path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FutureAdapterBenchmark {

    /** Where the Deferred chains leave their result, returned so the JIT cannot drop the work. */
    private int sink;
    /** The value sent through; a field, not a constant, so the JIT cannot fold a completed chain away. */
    private Integer input = 1;

    @Benchmark
    public int deferred_roundTrip() {
        Deferred<Integer> source = new Deferred<>();
        DeferredFutures.fromCompletionStage(DeferredFutures.toCompletableFuture(source))
                .addCallback(x -> sink = x);
        source.callback(input);
        return sink;
    }

    @Benchmark
    public int completableFuture_roundTrip() {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Integer> last = source.thenApply(x -> x).thenApply(x -> x);
        source.complete(input);
        return last.join();
    }

    @Benchmark
    public int deferred_roundTripFired() {
        DeferredFutures.fromCompletionStage(DeferredFutures.toCompletableFuture(Deferred.succeed(input)))
                .addCallback(x -> sink = x);
        return sink;
    }

    @Benchmark
    public int completableFuture_roundTripFired() {
        return CompletableFuture.completedFuture(input).thenApply(x -> x).thenApply(x -> x).join();
    }

    @Benchmark
    public int deferred_fromFuture() {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Integer> last = DeferredFutures.toCompletableFuture(DeferredFutures.fromCompletionStage(source));
        source.complete(input);
        return last.join();
    }
}
