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
 * Inline callbacks, one op = one {@code co.await}. (a) {@code pending}: a body awaits 1,000 unfired
 * Deferreds in turn, which the benchmark thread fires one by one; each firing resumes the body
 * (inside {@code callback()}) until its next await. (b) {@code fired}: a body awaits 1,000 Deferreds
 * that already have a result ({@code Deferred.succeed(i)}, created in the loop). Twisted 22.4 does
 * 398k/s for (a) and 376k/s for (b) on the same work.
 *
 * <p>Each mechanism is measured in its own fork, side by side in one run: {@code continuation*}
 * with the JDK's continuations exported and opted in (experimental), {@code virtualThread*} with
 * them turned off (the default, which needs no JVM flag), {@code carrier*} on the opt-in carrier
 * mechanism (the firing thread runs the body's virtual thread; needs {@code --add-opens}). {@code virtualThreadPendingFiredFromVirtualThread} is (a) with the
 * firing done on a virtual thread, as under a reactor that runs on one: the hand-off then stays
 * between virtual threads. {@code virtualThreadPendingNoSpin} is (a) with the hand-off's spinning
 * turned off, so every resume parks and wakes threads: what spinning saves. {@code baseline*} are
 * the same loops with a plain {@code addBoth} callback instead of a body: the core's own cost,
 * which an await cannot go below.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InlineCallbacksBenchmark {
    static final int AWAITS = 1000;
    private static final String CONTINUATIONS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String OPT_IN = "-Ddev.deferred.inlineCallbacks.continuations=true";
    private static final String FALLBACK = "-Ddev.deferred.inlineCallbacks.continuations=false";
    private static final String NO_SPIN = "-Ddev.deferred.inlineCallbacks.spinNanos=0";
    private static final String CARRIER_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    private static final String CARRIER = "-Ddev.deferred.inlineCallbacks.carrier=true";

    private long sink;

    @Setup
    public void checkMechanism(org.openjdk.jmh.infra.BenchmarkParams params) {
        String name = params.getBenchmark();
        String expected = name.contains(".continuation") ? "continuation"
                : name.contains(".carrier") ? "virtual-thread on the firing thread" : "virtual-thread (";
        if (!name.contains(".baseline") && !InlineCallbacks.mechanism().startsWith(expected)) {
            throw new IllegalStateException("benchmark expects " + expected + " but runs " + InlineCallbacks.mechanism());
        }
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = {CONTINUATIONS, OPT_IN})
    public long continuationPending() {
        return pending();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = {CONTINUATIONS, OPT_IN})
    public long continuationFired() {
        return fired();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = FALLBACK)
    public long virtualThreadPending() {
        return pending();
    }

    /** (a) on the opt-in carrier mechanism: the firing thread itself runs the body's virtual thread. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = {CARRIER_OPENS, CARRIER})
    public long carrierPending() {
        return pending();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = {CARRIER_OPENS, CARRIER})
    public long carrierFired() {
        return fired();
    }

    /** (a) on virtual threads with spinning turned off: every hand-off parks and is woken. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = {FALLBACK, NO_SPIN})
    public long virtualThreadPendingNoSpin() {
        return pending();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = FALLBACK)
    public long virtualThreadFired() {
        return fired();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    @Fork(jvmArgsAppend = FALLBACK)
    public long virtualThreadPendingFiredFromVirtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(this::pending);
        t.join();
        return sink;
    }

    /** Floor for (b): what the same loop costs with a plain callback instead of an await. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long baselineFiredAddBoth() {
        long[] sum = new long[1];
        for (int i = 0; i < AWAITS; i++) {
            Deferred.succeed(i).addBoth(t -> {
                sum[0] += t.get();
                return null;
            });
        }
        return sum[0];
    }

    /** Floor for (a): a callback on each pending Deferred, fired one by one, without any body. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long baselinePendingAddBoth() {
        long[] sum = new long[1];
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deferred<Integer>[] ds = new Deferred[AWAITS];
        for (int i = 0; i < AWAITS; i++) {
            ds[i] = new Deferred<>();
            ds[i].addBoth(t -> {
                sum[0] += t.get();
                return null;
            });
        }
        for (int i = 0; i < AWAITS; i++) {
            ds[i].callback(i);
        }
        return sum[0];
    }

    private long pending() {
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

    private long fired() {
        Deferred<Long> r = InlineCallbacks.run(co -> {
            long sum = 0;
            for (int i = 0; i < AWAITS; i++) {
                sum += co.<Integer>await(Deferred.succeed(i));
            }
            return sum;
        });
        return take(r);
    }

    private long take(Deferred<Long> r) {
        r.addCallback(v -> sink = v);
        return sink;
    }
}
