package dev.deferred.bench;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Handing work to a loop thread from two producer threads: our reactor's callFromThread, Netty's
 * DefaultEventLoop.execute and ScheduledThreadPoolExecutor.execute. Each operation is one producer
 * handing over a batch of {@value #BATCH} tasks and waiting (parked, not spinning) until the loop
 * has run all of them, so the score is end-to-end tasks per second, not just enqueueing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class ReactorCallFromThreadBenchmark {
    static final int BATCH = 10_000;

    ReactorPeers peers;

    @Setup
    public void setUp() throws InterruptedException {
        peers = new ReactorPeers();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        peers.close();
    }

    /** One producer's task: counts runs on the loop thread; the last of a batch wakes the producer. */
    @State(Scope.Thread)
    public static class Producer implements Runnable {
        Thread thread;
        int ran;
        int target;
        volatile boolean batchDone;

        @Setup
        public void setUp() {
            thread = Thread.currentThread();
        }

        @Override
        public void run() {
            if (++ran == target) {
                batchDone = true;
                LockSupport.unpark(thread);
            }
        }

        int batch(Executor loop) {
            batchDone = false;
            target = ran + BATCH;
            for (int i = 0; i < BATCH; i++) {
                loop.execute(this);
            }
            while (!batchDone) {
                LockSupport.park(this);
            }
            return ran;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int deferred(Producer p) {
        return p.batch(peers.reactor::callFromThread);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int netty(Producer p) {
        return p.batch(peers.netty);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int scheduledThreadPool(Producer p) {
        return p.batch(peers.stpe);
    }
}
