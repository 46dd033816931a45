package dev.deferred.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.deferred.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * deep chain: {@code depth} promises, each waiting on the next (a stage that returns the next,
 * still pending promise), resolved by completing the far end. One op is one link, building
 * included. The Deferred resolves the whole chain in a loop; CompletableFuture and Guava are
 * measured at a depth they survive on the default stack.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(DeepChainBenchmark.DEPTH)
public class DeepChainBenchmark {
    static final int DEPTH = 10_000;

    @Benchmark
    public int deferred() {
        Deferred<Integer> far = new Deferred<>();
        Deferred<Integer> head = far;
        for (int i = 0; i < DEPTH; i++) {
            Deferred<Integer> next = head;
            head = Deferred.succeed(0).addCallbackDeferred(x -> next);
        }
        int[] out = new int[1];
        head.addCallback(x -> out[0] = x);
        far.callback(1);
        return out[0];
    }

    @Benchmark
    public int completableFuture() {
        CompletableFuture<Integer> far = new CompletableFuture<>();
        CompletableFuture<Integer> head = far;
        for (int i = 0; i < DEPTH; i++) {
            CompletableFuture<Integer> next = head;
            head = CompletableFuture.completedFuture(0).thenCompose(x -> next);
        }
        far.complete(1);
        return head.join();
    }

    @Benchmark
    public int guava() throws ExecutionException, InterruptedException {
        SettableFuture<Integer> far = SettableFuture.create();
        ListenableFuture<Integer> head = far;
        for (int i = 0; i < DEPTH; i++) {
            ListenableFuture<Integer> next = head;
            head = Futures.transformAsync(Futures.immediateFuture(0), x -> next, MoreExecutors.directExecutor());
        }
        far.set(1);
        return head.get();
    }
}
