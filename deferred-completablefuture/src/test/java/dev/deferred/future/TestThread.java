package dev.deferred.future;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A single-thread executor the test controls, standing in for a reactor thread: it knows its
 * thread and records what its tasks threw (a late AlreadyCalledException would land here).
 */
final class TestThread implements Executor, AutoCloseable {
    private final Thread thread;
    private final ExecutorService pool;
    final List<Throwable> taskFailures = new CopyOnWriteArrayList<>();

    TestThread(String name) {
        Thread[] made = new Thread[1];
        pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            made[0] = t;
            return t;
        });
        // Start the thread now so thread() is known before any task of the test runs.
        CompletableFuture.runAsync(() -> {}, pool).join();
        thread = made[0];
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                taskFailures.add(t);
            }
        });
    }

    /** Runs {@code task} on this thread and waits (bounded) until it has returned. */
    void run(Runnable task) throws Exception {
        CompletableFuture.runAsync(task, this::execute).get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits (bounded) until every task submitted so far has run. */
    void drain() throws Exception {
        run(() -> {});
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
