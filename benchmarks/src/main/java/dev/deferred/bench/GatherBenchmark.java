package dev.deferred.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.deferred.Deferred;
import dev.deferred.DeferredList;
import dev.deferred.Deferreds;
import io.vavr.control.Try;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Gathering 1,000 pending inputs that are then fired in input order, and reading the list of
 * values: {@code Deferreds.gatherResults} against {@code CompletableFuture.allOf} + join and
 * Guava's {@code Futures.allAsList}. One operation is one input (creating it, attaching to it,
 * firing it, and its share of building and reading the result).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GatherBenchmark {
    private static final int N = 1000;

    @Benchmark
    @OperationsPerInvocation(N)
    public List<Integer> deferred() {
        List<Deferred<Integer>> inputs = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<List<Integer>> all = Deferreds.gatherResults(inputs);
        for (int i = 0; i < N; i++) {
            inputs.get(i).callback(i);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Integer>[] out = new List[1];
        all.addCallback(values -> out[0] = values);
        return out[0];
    }

    /** The same through {@code DeferredList}: one {@code Try} per input (the engine it shares with gatherResults). */
    @Benchmark
    @OperationsPerInvocation(N)
    public List<Try<Integer>> deferredList() {
        List<Deferred<Integer>> inputs = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<List<Try<Integer>>> all = DeferredList.of(inputs);
        for (int i = 0; i < N; i++) {
            inputs.get(i).callback(i);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Try<Integer>>[] out = new List[1];
        all.addCallback(values -> out[0] = values);
        return out[0];
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public List<Integer> completableFuture() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] inputs = new CompletableFuture[N];
        for (int i = 0; i < N; i++) {
            inputs[i] = new CompletableFuture<>();
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(inputs);
        for (int i = 0; i < N; i++) {
            inputs[i].complete(i);
        }
        all.join();
        List<Integer> values = new ArrayList<>(N);
        for (CompletableFuture<Integer> f : inputs) {
            values.add(f.join());
        }
        return values;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public List<Integer> guava() throws ExecutionException {
        List<SettableFuture<Integer>> inputs = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            inputs.add(SettableFuture.create());
        }
        ListenableFuture<List<Integer>> all = Futures.allAsList(inputs);
        for (int i = 0; i < N; i++) {
            inputs.get(i).set(i);
        }
        return Futures.getDone(all);
    }
}
