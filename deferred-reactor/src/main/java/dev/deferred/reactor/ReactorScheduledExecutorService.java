package dev.deferred.reactor;

import dev.deferred.DelayedCall;
import dev.deferred.ErrorLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * A {@link ScheduledExecutorService} view of a {@link Reactor}: every task runs on the reactor
 * thread, immediate ones through {@link Reactor#callFromThread}, delayed and periodic ones through
 * {@link Reactor#callLater}. Obtained from {@link Reactor#asScheduledExecutorService()}.
 *
 * <p>Shutting the view down does not stop the reactor: it only refuses new tasks. As with
 * {@code ScheduledThreadPoolExecutor}'s defaults, delayed one-shot tasks still run after
 * {@link #shutdown()}, periodic ones are cancelled. {@link #awaitTermination} waits for the tasks
 * that remain; it must not be called on the reactor thread (it would wait for itself).
 *
 * <p>Concurrency: {@code pending} holds the futures not yet finished (added on submit, removed
 * exactly once when a future is done); {@code shutdown} is volatile and only ever set; the monitor
 * of {@code this} is only used to wait for and signal termination.
 */
final class ReactorScheduledExecutorService extends AbstractExecutorService implements ScheduledExecutorService {
    private static final Logger log = ErrorLog.logger(ReactorScheduledExecutorService.class);

    private final Reactor reactor;
    private final Set<ReactorFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    ReactorScheduledExecutorService(Reactor reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor must not be null");
    }

    // ---------------------------------------------------------------- futures

    /** A task on the reactor: one-shot (period 0), fixed rate (> 0) or fixed delay (< 0). */
    private final class ReactorFuture<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        /** Due time in reactor seconds; rewritten (on the reactor thread) before each periodic run. */
        private volatile double due;
        private final long periodNanos;
        private final AtomicBoolean finished = new AtomicBoolean();
        /** Came from execute(): nobody holds the future, so a failure must be logged, not kept. */
        private boolean logFailure;
        /** The reactor's handle for the next run; written on the reactor thread. */
        private volatile DelayedCall call;

        ReactorFuture(Callable<V> task, double due, long periodNanos) {
            super(task);
            this.due = due;
            this.periodNanos = periodNanos;
        }

        ReactorFuture(Runnable task, double due, long periodNanos) {
            super(task, null);
            this.due = due;
            this.periodNanos = periodNanos;
        }

        @Override
        public boolean isPeriodic() {
            return periodNanos != 0;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Math.round((due - reactor.seconds()) * 1e9), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other == this) {
                return 0;
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
                return;
            }
            if (!runAndReset()) {
                return;                  // cancelled, or it threw: no more runs
            }
            if (shutdown) {
                cancel(false);
                return;
            }
            due = periodNanos > 0 ? due + periodNanos / 1e9 : reactor.seconds() + (-periodNanos) / 1e9;
            arm();
        }

        /** Schedules the next run; on the reactor thread. */
        void arm() {
            if (isDone()) {
                return;
            }
            long delay = Math.max(0, Math.round((due - reactor.seconds()) * 1e9));
            call = reactor.callLater(Duration.ofNanos(delay), this);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                onReactor(() -> {
                    DelayedCall c = call;
                    if (c != null && c.active()) {
                        c.cancel();
                    }
                });
            }
            return cancelled;
        }

        @Override
        protected void done() {
            if (finished.compareAndSet(false, true)) {
                if (logFailure && state() == State.FAILED) {
                    log.error("Unhandled exception in a task run on the reactor", exceptionNow());
                }
                pending.remove(this);
                checkTerminated();
            }
        }
    }

    private void onReactor(Runnable r) {
        OnLoop.run(reactor, r);
    }

    private <V> ReactorFuture<V> submitFuture(ReactorFuture<V> f) {
        if (shutdown) {
            throw new RejectedExecutionException("this reactor executor has been shut down");
        }
        pending.add(f);
        if (shutdown) {
            // Raced with shutdown(): refuse, so that termination is not held up by this task.
            pending.remove(f);
            checkTerminated();
            throw new RejectedExecutionException("this reactor executor has been shut down");
        }
        onReactor(f::arm);
        return f;
    }

    private double dueIn(long delay, TimeUnit unit) {
        return reactor.seconds() + Math.max(0, unit.toNanos(delay)) / 1e9;
    }

    // ---------------------------------------------------------------- Executor

    /**
     * Runs {@code command} on the reactor thread on a coming turn.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "execute: command must not be null");
        ReactorFuture<Object> f = new ReactorFuture<>(command, reactor.seconds(), 0);
        f.logFailure = true;
        if (shutdown) {
            throw new RejectedExecutionException("this reactor executor has been shut down");
        }
        pending.add(f);
        reactor.callFromThread(f);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "schedule: command must not be null");
        Objects.requireNonNull(unit, "schedule: unit must not be null");
        return submitFuture(new ReactorFuture<>(command, dueIn(delay, unit), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "schedule: callable must not be null");
        Objects.requireNonNull(unit, "schedule: unit must not be null");
        return submitFuture(new ReactorFuture<>(callable, dueIn(delay, unit), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(command, "scheduleAtFixedRate: command must not be null");
        Objects.requireNonNull(unit, "scheduleAtFixedRate: unit must not be null");
        if (period <= 0) {
            throw new IllegalArgumentException("scheduleAtFixedRate: period must be positive, got " + period);
        }
        return submitFuture(new ReactorFuture<>(command, dueIn(initialDelay, unit), unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "scheduleWithFixedDelay: command must not be null");
        Objects.requireNonNull(unit, "scheduleWithFixedDelay: unit must not be null");
        if (delay <= 0) {
            throw new IllegalArgumentException("scheduleWithFixedDelay: delay must be positive, got " + delay);
        }
        return submitFuture(new ReactorFuture<>(command, dueIn(initialDelay, unit), -unit.toNanos(delay)));
    }

    @Override
    public <T> java.util.concurrent.Future<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "submit: task must not be null");
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public java.util.concurrent.Future<?> submit(Runnable task) {
        Objects.requireNonNull(task, "submit: task must not be null");
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> java.util.concurrent.Future<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "submit: task must not be null");
        return schedule(Executors.callable(task, result), 0, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void shutdown() {
        shutdown = true;
        for (ReactorFuture<?> f : pending) {
            if (f.isPeriodic()) {
                f.cancel(false);
            }
        }
        checkTerminated();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> never = new ArrayList<>();
        for (ReactorFuture<?> f : pending) {
            if (f.cancel(false)) {
                never.add(f);
            }
        }
        checkTerminated();
        return never;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && pending.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        if (reactor.isOnReactorTurn() && !isTerminated()) {
            throw new IllegalStateException("awaitTermination on the reactor thread would wait for itself");
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            while (!isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    private void checkTerminated() {
        if (isTerminated()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public String toString() {
        return "ScheduledExecutorService view of " + reactor + (shutdown ? " (shut down)" : "");
    }
}
