package dev.deferred.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.deferred.Deferred;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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
 * chain3: create a promise, add three {@code x -> x + 1} stages, complete it, read the result;
 * the synchronous chain the library promises to run faster than CompletableFuture. Every peer
 * runs its stages on the completing thread (direct/immediate executors), as a Deferred does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Chain3Benchmark {
    private static final Executor DIRECT = Runnable::run;

    /** Where the Deferred chain leaves its result, so the JIT cannot drop the work. */
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

    @Benchmark
    public int guava() throws ExecutionException, InterruptedException {
        SettableFuture<Integer> f = SettableFuture.create();
        Executor direct = MoreExecutors.directExecutor();
        ListenableFuture<Integer> last = Futures.transform(
                Futures.transform(Futures.transform(f, x -> x + 1, direct), x -> x + 1, direct), x -> x + 1, direct);
        f.set(0);
        return last.get();
    }

    @Benchmark
    public int netty() {
        // Netty promises have no map: each stage is a listener completing the next promise.
        Promise<Integer> p0 = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
        Promise<Integer> p1 = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
        Promise<Integer> p2 = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
        Promise<Integer> p3 = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
        p0.addListener(f -> p1.setSuccess(p0.getNow() + 1));
        p1.addListener(f -> p2.setSuccess(p1.getNow() + 1));
        p2.addListener(f -> p3.setSuccess(p2.getNow() + 1));
        p0.setSuccess(0);
        return p3.getNow();
    }

    @Benchmark
    public int vavr() {
        io.vavr.concurrent.Promise<Integer> p = io.vavr.concurrent.Promise.make(DIRECT);
        io.vavr.concurrent.Future<Integer> last = p.future().map(x -> x + 1).map(x -> x + 1).map(x -> x + 1);
        p.success(0);
        return last.get();
    }
}
