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
 * error-recover: a stage throws, the next recovers, one more stage maps the value. As issue 23
 * states the case, the exception is constructed in every op on both sides (a new
 * {@code IllegalStateException}, stack trace and all), as a failing stage in real code would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ErrorRecoverBenchmark {
    private int sink;

    @Benchmark
    public int deferred() {
        Deferred<Integer> d = new Deferred<>();
        d.<Integer>addCallback(x -> {
                    throw new IllegalStateException("boom");
                })
                .addErrback(e -> 1)
                .addCallback(x -> sink = x + 1);
        d.callback(0);
        return sink;
    }

    @Benchmark
    public int completableFuture() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        CompletableFuture<Integer> last = f.<Integer>thenApply(x -> {
                    throw new IllegalStateException("boom");
                })
                .exceptionally(e -> 1)
                .thenApply(x -> x + 1);
        f.complete(0);
        return last.join();
    }
}
