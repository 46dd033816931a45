package dev.deferred.reactor;

import dev.deferred.DeferredContext;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reactor's pool for blocking work: at most {@code size} daemon threads, started on demand and
 * retired after a minute idle; work beyond that waits in an unbounded FIFO queue (as in Twisted's
 * thread pool). The executor is created on first use, so a reactor that never defers to a thread
 * starts no thread.
 *
 * <p>Concurrency: {@code executor} is created under this object's monitor; shutdown and resize
 * also hold it, so a task is never handed to a pool that is being replaced.
 */
final class ThreadPool {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private int size;
    private ThreadPoolExecutor executor;
    private boolean shutdown;

    ThreadPool(int size) {
        this.size = checkSize(size);
    }

    private static int checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("thread pool size must be at least 1, got " + size);
        }
        return size;
    }

    synchronized void execute(Runnable r) {
        if (shutdown) {
            throw new RejectedExecutionException("the reactor has stopped; its thread pool takes no more work");
        }
        if (executor == null) {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = task -> {
                Thread t = new Thread(task, "deferred-reactor-pool-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
            executor.allowCoreThreadTimeOut(true);
        }
        // deferToThread and callInThread: the work runs in the context it was handed over in.
        executor.execute(DeferredContext.wrapCurrent(r));
    }

    synchronized void resize(int newSize) {
        checkSize(newSize);
        size = newSize;
        if (executor != null) {
            // Order matters: the core size may never exceed the maximum.
            if (newSize > executor.getMaximumPoolSize()) {
                executor.setMaximumPoolSize(newSize);
                executor.setCorePoolSize(newSize);
            } else {
                executor.setCorePoolSize(newSize);
                executor.setMaximumPoolSize(newSize);
            }
        }
    }

    synchronized void shutdown() {
        shutdown = true;
        if (executor != null) {
            executor.shutdown();
        }
    }
}
