package dev.deferred.reactor;

import dev.deferred.ErrorLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The blocked-loop warning of a {@link SelectReactor} (after Vert.x's blocked-thread checker): a
 * daemon thread looks at the loop every quarter of the threshold, and when one turn of the loop
 * (from waking up to waiting again) has lasted longer than the threshold it logs a warning with
 * the loop thread's stack, once per turn. A blocked loop delays every timer and every connection,
 * and this shows where it blocks.
 */
final class LoopWatchdog {
    private static final Logger log = ErrorLog.logger(SelectReactor.class);

    /** busySince when the loop waits in select (or is not running). */
    private static final long IDLE = Long.MIN_VALUE;

    /** The warning carries the loop thread's stack as its own. */
    static final class BlockedLoop extends Throwable {
        private static final long serialVersionUID = 1L;

        BlockedLoop(String message, StackTraceElement[] stack) {
            super(message, null, false, true);
            setStackTrace(stack);
        }
    }

    /*
     * Concurrency: busySince and turn are written by the loop thread only (busy/idle), read by the
     * watchdog thread; thresholdNanos by any thread. All volatile: the watchdog needs a recent
     * value, not an exact one (a turn read half-updated is at worst reported on the next check).
     * reportedTurn, thread: the watchdog thread's, and start/stop's under this object's monitor.
     */
    private volatile long busySince = IDLE;
    private volatile long turn;
    private volatile long thresholdNanos;
    private long reportedTurn = -1;
    /** Written by the watchdog thread only; read by tests. */
    private volatile long checks;
    private Thread loop;
    private Thread thread;
    private boolean stopped;

    LoopWatchdog(Duration threshold) {
        this.thresholdNanos = nanos(threshold);
    }

    /** Loop thread: a turn begins (the loop woke up). */
    void busy() {
        busySince = System.nanoTime();
        turn++;
    }

    /** Loop thread: the turn is over; the loop waits for work. */
    void idle() {
        busySince = IDLE;
    }

    /** Sets the threshold; zero turns the warning off. Any thread. */
    synchronized void setThreshold(Duration threshold) {
        thresholdNanos = nanos(threshold);
        if (thresholdNanos > 0 && loop != null && thread == null && !stopped) {
            startThread();
        }
        notifyAll();
    }

    /** A threshold beyond what a long holds (292 years) is as good as off, but stays on. */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    Duration threshold() {
        return Duration.ofNanos(thresholdNanos);
    }

    /** The reactor starts on {@code loopThread}. */
    synchronized void start(Thread loopThread) {
        loop = loopThread;
        if (thresholdNanos > 0) {
            startThread();
        }
    }

    /** The reactor has stopped: the watchdog thread ends. */
    synchronized void stop() {
        stopped = true;
        busySince = IDLE;
        notifyAll();
    }

    private void startThread() {
        thread = new Thread(this::watch, "reactor-watchdog[" + loop.getName() + "]");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (true) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                long th = thresholdNanos;
                try {
                    if (th <= 0) {
                        wait();
                    } else {
                        TimeUnit.NANOSECONDS.timedWait(this, Math.max(TimeUnit.MILLISECONDS.toNanos(1), th / 4));
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (stopped) {
                    return;
                }
            }
            check();
        }
    }

    /** How many times the watchdog has looked at the loop (for tests: it is alive and looking). */
    long checks() {
        return checks;
    }

    /** Whether a watchdog thread was started (for tests: none while the warning is off). */
    synchronized boolean hasThread() {
        return thread != null;
    }

    private void check() {
        checks++;
        long th = thresholdNanos;
        long t = turn;
        long since = busySince;
        if (th <= 0 || since == IDLE || t == reportedTurn) {
            return;
        }
        long busyNanos = System.nanoTime() - since;
        if (busyNanos < th) {
            return;
        }
        reportedTurn = t;
        Thread l = loop;
        log.warn("The reactor thread {} has been busy for {} ms in one turn (the warning threshold is {} ms):"
                + " timers and I/O wait meanwhile. Move blocking work to deferToThread. Where it is now:",
                l.getName(), TimeUnit.NANOSECONDS.toMillis(busyNanos), TimeUnit.NANOSECONDS.toMillis(th),
                new BlockedLoop("reactor thread " + l.getName() + " blocked", l.getStackTrace()));
    }
}
