package dev.deferred.bench;

import dev.deferred.reactor.SelectReactor;
import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The three single-threaded event loops compared by the reactor benchmarks: our SelectReactor,
 * Netty's DefaultEventLoop and a one-thread ScheduledThreadPoolExecutor (cancelled tasks removed
 * at once, as our heap does).
 */
final class ReactorPeers {
    final SelectReactor reactor = new SelectReactor();
    final Thread reactorThread;
    final DefaultEventLoop netty = new DefaultEventLoop();
    final ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);

    ReactorPeers() throws InterruptedException {
        stpe.setRemoveOnCancelPolicy(true);
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        reactorThread = new Thread(reactor::run, "bench-reactor");
        reactorThread.setDaemon(true);
        reactorThread.start();
        if (!running.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the reactor did not start");
        }
        // Start Netty's thread now rather than inside the first measured operation.
        netty.submit(() -> { }).syncUninterruptibly();
        stpe.prestartAllCoreThreads();
    }

    void close() throws InterruptedException {
        reactor.stop();
        reactorThread.join(30_000);
        netty.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        stpe.shutdownNow();
        stpe.awaitTermination(30, TimeUnit.SECONDS);
    }
}
