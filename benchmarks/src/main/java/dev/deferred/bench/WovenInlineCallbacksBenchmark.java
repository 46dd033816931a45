package dev.deferred.bench;

import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link InlineCallbacksBenchmark}'s (a) {@code pending} and (b) {@code fired} loops on bodies
 * woven by deferred-weaver at build time (this module's build weaves this class only, so the other
 * class's rows keep measuring the unwoven mechanisms). No JVM flag: a woven body runs on the thread
 * that fires its Deferred, inside {@code callback()}, as a state machine. Run it beside
 * {@code InlineCallbacksBenchmark.virtualThread*} for ratios from the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WovenInlineCallbacksBenchmark {
    static final int AWAITS = InlineCallbacksBenchmark.AWAITS;

    private long sink;

    /** Refuses to measure an unwoven build: a woven body runs on the thread that called run. */
    @Setup
    public void checkWoven() {
        Thread[] ran = new Thread[1];
        InlineCallbacks.run(co -> {
            ran[0] = Thread.currentThread();
            return co.await(Deferred.succeed(1));
        });
        if (ran[0] != Thread.currentThread()) {
            throw new IllegalStateException("WovenInlineCallbacksBenchmark is not woven (its body ran on " + ran[0]
                    + "): build the benchmarks module with Maven, which runs deferred-weaver on it");
        }
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long wovenPending() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deferred<Integer>[] ds = new Deferred[AWAITS];
        for (int i = 0; i < AWAITS; i++) {
            ds[i] = new Deferred<>();
        }
        Deferred<Long> r = InlineCallbacks.run(co -> {
            long sum = 0;
            for (Deferred<Integer> d : ds) {
                sum += co.<Integer>await(d);
            }
            return sum;
        });
        for (int i = 0; i < AWAITS; i++) {
            ds[i].callback(i);
        }
        return take(r);
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long wovenFired() {
        Deferred<Long> r = InlineCallbacks.run(co -> {
            long sum = 0;
            for (int i = 0; i < AWAITS; i++) {
                sum += co.<Integer>await(Deferred.succeed(i));
            }
            return sum;
        });
        return take(r);
    }

    /** (a) fired from a virtual thread, as under a reactor that runs on one. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long wovenPendingFiredFromVirtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(this::wovenPending);
        t.join();
        return sink;
    }

    private long take(Deferred<Long> r) {
        r.addCallback(v -> sink = v);
        return sink;
    }
}
