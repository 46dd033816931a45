package dev.deferred;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link ReactorTime} over a {@link ScheduledExecutorService}: {@link ReactorTime#of}, and the
 * library's own daemon timer behind {@link Deferred#addTimeout(Duration)}.
 *
 * <p>Time is {@link System#nanoTime()}, which is what the executor's delays are measured on.
 */
final class ExecutorTime implements ReactorTime {

    private final ScheduledExecutorService executor;

    ExecutorTime(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * The library's timer: one daemon thread, started on first use (the holder idiom makes that
     * lazy and thread-safe), as {@code CompletableFuture}'s delayer is. Cancelled calls are removed
     * at once so that timeouts of Deferreds that fired in time do not pile up in its queue.
     */
    static final class Shared {
        static final ExecutorTime TIME;

        static {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "deferred-timer");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            TIME = new ExecutorTime(timer);
        }

        private Shared() {}
    }

    @Override
    public double seconds() {
        return System.nanoTime() / 1e9;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        if (delay == null) {
            throw new NullPointerException("callLater: delay is null");
        }
        if (fn == null) {
            throw new NullPointerException("callLater: fn is null; pass what to run");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("callLater: delay must not be negative, got " + delay);
        }
        Call call = new Call(fn);
        synchronized (call.lock) {
            call.schedule(delay);
        }
        return call;
    }

    /** One scheduled call; {@code lock} guards its state, so reset and run never interleave. */
    private final class Call implements DelayedCall, Runnable {
        private static final int PENDING = 0;
        private static final int CALLED = 1;
        private static final int CANCELLED = 2;

        private final Object lock = new Object();
        private final Runnable fn;
        /** Guarded by lock: PENDING, CALLED or CANCELLED. */
        private int state;
        /** Guarded by lock: the executor's handle for the current due time, and that time in nanos. */
        private ScheduledFuture<?> future;
        private long dueNanos;

        Call(Runnable fn) {
            this.fn = fn;
        }

        /** Must hold lock. */
        private void schedule(Duration delay) {
            long nanos = saturatedNanos(delay);
            dueNanos = System.nanoTime() + nanos;
            future = executor.schedule(this, nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            synchronized (lock) {
                // A reset moved the call: the executor may still run the old task once.
                if (state != PENDING || System.nanoTime() - dueNanos < 0) {
                    return;
                }
                state = CALLED;
            }
            try {
                fn.run();
            } catch (Throwable t) {
                // The executor would keep it in a future nobody reads: hand it to the thread's
                // handler instead, so that it is not lost.
                Thread me = Thread.currentThread();
                me.getUncaughtExceptionHandler().uncaughtException(me, t);
            }
        }

        @Override
        public double getTime() {
            synchronized (lock) {
                return dueNanos / 1e9;
            }
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                checkPending();
                state = CANCELLED;
                future.cancel(false);
            }
        }

        @Override
        public void reset(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("reset: delay must be zero or positive, got " + delay);
            }
            synchronized (lock) {
                checkPending();
                future.cancel(false);
                schedule(delay);
            }
        }

        @Override
        public void delay(Duration delay) {
            if (delay == null) {
                throw new NullPointerException("delay: the amount is null");
            }
            synchronized (lock) {
                checkPending();
                long later = Math.max(0, dueNanos - System.nanoTime() + saturatedNanos(delay));
                future.cancel(false);
                schedule(Duration.ofNanos(later));
            }
        }

        @Override
        public boolean active() {
            synchronized (lock) {
                return state == PENDING;
            }
        }

        /** Must hold lock. */
        private void checkPending() {
            if (state == CALLED) {
                throw new DelayedCallAlreadyCalledException("the call has already run");
            }
            if (state == CANCELLED) {
                throw new DelayedCallAlreadyCancelledException("the call was already cancelled");
            }
        }

        @Override
        public String toString() {
            synchronized (lock) {
                return "DelayedCall{" + (state == PENDING
                        ? "due in " + Math.max(0, dueNanos - System.nanoTime()) + " ns" : "not active") + "}";
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    @Override
    public String toString() {
        return "ReactorTime.of(" + executor + ")";
    }
}
