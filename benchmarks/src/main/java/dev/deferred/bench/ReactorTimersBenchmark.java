package dev.deferred.bench;

import dev.deferred.DelayedCall;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One million timers per operation (methods: implementation_variant, as the report expects; {@code
 * deferred} is our SelectReactor), on each loop's own thread where the loop allows it (our
 * reactor and Netty schedule in-loop; ScheduledThreadPoolExecutor has no in-loop path and is
 * driven from the benchmark thread, as it is used). Scores are timers per second.
 *
 * <ul>
 *   <li>{@code *_scheduleCancel}: schedule 1,000,000 timers at random deadlines (1 to 60 s), then
 *       cancel them all (each removed from the heap).</li>
 *   <li>{@code *_fire}: schedule 1,000,000 timers at random distinct deadlines within the next
 *       millisecond and wait until all have fired (in deadline order).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReactorTimersBenchmark {
    static final int N = 1_000_000;

    ReactorPeers peers;
    /** Random deadlines for the cancel case, in nanoseconds (1 s to 60 s). */
    long[] farNanos;
    /** A random permutation of 0..N-1 nanoseconds: distinct deadlines within 1 ms. */
    long[] nearNanos;
    DelayedCall[] reactorCalls = new DelayedCall[N];
    ScheduledFuture<?>[] nettyFutures = new ScheduledFuture<?>[N];
    java.util.concurrent.ScheduledFuture<?>[] stpeFutures = new java.util.concurrent.ScheduledFuture<?>[N];
    final Runnable noop = () -> { };

    @Setup
    public void setUp() throws InterruptedException {
        peers = new ReactorPeers();
        Random rnd = new Random(7);
        farNanos = new long[N];
        nearNanos = new long[N];
        for (int i = 0; i < N; i++) {
            farNanos[i] = 1_000_000_000L + (long) (rnd.nextDouble() * 59_000_000_000L);
            nearNanos[i] = i;
        }
        for (int i = N - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = nearNanos[i];
            nearNanos[i] = nearNanos[j];
            nearNanos[j] = t;
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        peers.close();
    }

    // ---------------------------------------------------------------- schedule then cancel

    @Benchmark
    @OperationsPerInvocation(N)
    public int deferred_scheduleCancel() throws Exception {
        return peers.reactor.blockingCallFromThread(() -> {
            for (int i = 0; i < N; i++) {
                reactorCalls[i] = peers.reactor.callLater(Duration.ofNanos(farNanos[i]), noop);
            }
            for (int i = 0; i < N; i++) {
                reactorCalls[i].cancel();
                reactorCalls[i] = null;
            }
            return peers.reactor.getPendingTimerCount();
        });
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_scheduleCancel() throws Exception {
        return peers.netty.submit(() -> {
            for (int i = 0; i < N; i++) {
                nettyFutures[i] = peers.netty.schedule(noop, farNanos[i], TimeUnit.NANOSECONDS);
            }
            for (int i = 0; i < N; i++) {
                nettyFutures[i].cancel(false);
                nettyFutures[i] = null;
            }
            return 0;
        }).get();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int scheduledThreadPool_scheduleCancel() {
        for (int i = 0; i < N; i++) {
            stpeFutures[i] = peers.stpe.schedule(noop, farNanos[i], TimeUnit.NANOSECONDS);
        }
        for (int i = 0; i < N; i++) {
            stpeFutures[i].cancel(false);
            stpeFutures[i] = null;
        }
        return peers.stpe.getQueue().size();
    }

    // ---------------------------------------------------------------- schedule and fire

    /** Counts fired timers on the loop thread; the last one releases the benchmark thread. */
    static final class Countdown implements Runnable {
        final CountDownLatch done = new CountDownLatch(1);
        int fired;

        @Override
        public void run() {
            if (++fired == N) {
                done.countDown();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int deferred_fire() throws InterruptedException {
        Countdown c = new Countdown();
        peers.reactor.callFromThread(() -> {
            for (int i = 0; i < N; i++) {
                peers.reactor.callLater(Duration.ofNanos(nearNanos[i]), c);
            }
        });
        c.done.await();
        return c.fired;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_fire() throws InterruptedException {
        Countdown c = new Countdown();
        peers.netty.execute(() -> {
            for (int i = 0; i < N; i++) {
                peers.netty.schedule(c, nearNanos[i], TimeUnit.NANOSECONDS);
            }
        });
        c.done.await();
        return c.fired;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int scheduledThreadPool_fire() throws InterruptedException {
        Countdown c = new Countdown();
        for (int i = 0; i < N; i++) {
            peers.stpe.schedule(c, nearNanos[i], TimeUnit.NANOSECONDS);
        }
        c.done.await();
        return c.fired;
    }
}
