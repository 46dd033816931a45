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
 * chain3: create a promise, add three {@code x -> x + 1} stages, complete it, read the result.
 * The synchronous chain is the case the library promises to be faster than CompletableFuture on.
 * Each benchmark returns the final value so the JIT cannot drop the work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Chain3Benchmark {

    /** Where each Deferred chain leaves its result (a field read by JMH's blackhole via return). */
    private int sink;

    @Benchmark
    public int deferred() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1).addCallback(x -> x + 1).addCallback(x -> sink = x + 1);
        d.callback(0);
        return sink;
    }

    @Benchmark
    public int completableFuture() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        CompletableFuture<Integer> last = f.thenApply(x -> x + 1).thenApply(x -> x + 1).thenApply(x -> x + 1);
        f.complete(0);
        return last.join();
    }
}
