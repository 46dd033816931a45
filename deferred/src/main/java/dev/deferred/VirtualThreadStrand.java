package dev.deferred;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The strand that needs no JVM flag: the body runs on a virtual thread of its own, and the thread
 * that steps it hands it the turn and waits until the body gives the turn back at its next await or
 * its end. It is a synchronous hand-off: exactly one of the two runs at a time.
 *
 * <p><b>Spin, then park.</b> Parking is what makes a naive hand-off slow: a body parked on a
 * platform thread's behalf is woken through the virtual-thread scheduler (a carrier thread must be
 * woken from the OS, and then the platform thread in turn), about ten microseconds per await,
 * slower than Twisted. Both sides therefore spin for a short window before they park:
 * <ul>
 *   <li>the driver, while the body runs its slice, which is usually short: the body's code up to
 *       its next await;</li>
 *   <li>the body, after handing the turn back, while it waits to be resumed, so that its thread
 *       stays mounted and the next {@code callback()} only has to flip a flag. Whether a wait spins
 *       is learnt ({@link SpinBackoff}): a body whose awaits are resumed late stops spinning and
 *       only tries again now and then.</li>
 * </ul>
 * When both spin, a hand-off each way is a cache-line transfer, a fraction of a microsecond. The
 * window ({@link #SPIN_NANOS}, about twice the cost of a wake-up, the classic bound for spinning
 * before blocking) caps the CPU a spin can waste. Nobody spins on a single CPU, where the other side
 * could not run meanwhile, nor when the driver is itself a virtual thread: the hand-off then stays
 * in the scheduler and costs well under a microsecond anyway, and a spinning virtual thread would
 * hold a carrier that the other side may need. {@code -Ddev.deferred.inlineCallbacks.spinNanos=0}
 * turns spinning off.
 *
 * <p>No leak: each body's thread is started in a thread-per-task executor of its own rather than
 * with {@code Thread.start}. The JDK keeps every virtual thread started directly in a global set
 * (for thread dumps), which would keep a body that waits forever, its stack and everything on it,
 * alive forever; an executor is registered only weakly. A body parked on a Deferred that nobody
 * else can reach is therefore unreachable as a whole (thread, stack, executor) and is collected.
 */
final class VirtualThreadStrand extends Strand {

    /** The property that sets the spin window, in nanoseconds; 0 turns spinning off. */
    static final String SPIN_PROPERTY = "dev.deferred.inlineCallbacks.spinNanos";
    /** The spin window: how long either side spins before it parks. */
    static final long SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1
            ? Math.max(0, Long.getLong(SPIN_PROPERTY, 20_000)) : 0;

    private static final ThreadFactory THREADS = Thread.ofVirtual().name("inline-callbacks-body").factory();

    private final InlineBody<?> body;

    /*
     * Hand-off protocol. `bodyTurn` is the baton: the driver stores itself in `driver` and
     * `drivingThread`, sets the baton true and, if the body is parked (`bodyParked`), unparks it;
     * the body finishes its slice, sets the baton false and, if the driver is parked
     * (`driverParked`), unparks the driver. Each side spins or parks only while the baton is the
     * other's, so exactly one runs; the volatile baton publishes everything written before it
     * (the body's results, `driver`, `drivingThread`).
     *
     * Lost wake-ups: a side that is about to park first sets its `...Parked` flag, then reads the
     * baton again; the other side sets the baton, then reads the flag. All four are volatile
     * (sequentially consistent), so at least one of them sees the other's write: either the waiter
     * does not park, or it is unparked. An unpark that finds the thread running leaves a permit;
     * parks are in loops, so that only costs a spurious turn.
     *
     * Steps never overlap, even by different drivers: a Deferred the body waits on can drive it
     * only after the waiter was marked SUSPENDED, which the previous driver does after its step()
     * has returned (see InlineBody.drive). So `driverParked` is always back to false, written by
     * the previous driver, before the next driver can set it.
     */
    private volatile boolean bodyTurn;
    private volatile Thread driver;
    private volatile boolean bodyParked;
    private volatile boolean driverParked;
    /**
     * The thread on whose turn the body runs: the driver, or, when the driver is itself another
     * body's thread, that body's driving thread, and so on. Read by the body's own code only.
     */
    private volatile Thread drivingThread;
    /** The body's thread; written and read by drivers only, ordered by the baton. */
    private Thread thread;
    /** Whether the body spins while it waits for its next turn; confined to the body's thread. */
    private final SpinBackoff backoff = new SpinBackoff();

    VirtualThreadStrand(InlineBody<?> body) {
        this.body = body;
    }

    @Override
    void step(InlineThreadState driverState) {
        Thread me = Thread.currentThread();
        driver = me;
        InlineBody<?> outer = driverState.current;
        drivingThread = outer == null ? me : outer.drivingThread();
        bodyTurn = true;
        if (thread == null) {
            // An executor of its own, dropped at once: see the class comment on leaks.
            @SuppressWarnings("resource")
            var executor = Executors.newThreadPerTaskExecutor(THREADS);
            executor.execute(this::runOnThread);
        } else if (bodyParked) {
            LockSupport.unpark(thread);
        }
        if (me.isVirtual() || !spinWhile(true)) {
            driverParked = true;
            parkWhile(true);
            driverParked = false;
        }
    }

    private void runOnThread() {
        thread = Thread.currentThread();
        InlineThreadState.get().current = body;
        try {
            body.runBody();
        } finally {
            handBack();
        }
    }

    @Override
    boolean suspend() {
        // Spin only for a platform-thread driver; the driver is read before the baton goes back.
        boolean spin = !driver.isVirtual() && SPIN_NANOS > 0 && backoff.shouldSpin();
        handBack();
        if (spin) {
            boolean resumed = spinWhile(false);
            backoff.spun(resumed);
            if (resumed) {
                return true;
            }
        }
        bodyParked = true;
        parkWhile(false);
        bodyParked = false;
        return true;
    }

    @Override
    Thread drivingThread() {
        return drivingThread;
    }

    private void handBack() {
        Thread d = driver;
        bodyTurn = false;
        if (driverParked) {
            LockSupport.unpark(d);
        }
    }

    /**
     * Busy-waits while the baton is {@code turn}, for at most the spin window.
     *
     * @return true if the baton changed, false if the window ran out first
     */
    private boolean spinWhile(boolean turn) {
        if (SPIN_NANOS == 0) {
            return bodyTurn != turn;
        }
        long deadline = 0;
        for (int n = 1; bodyTurn == turn; n++) {
            Thread.onSpinWait();
            if ((n & 63) == 0) {
                // Reading the clock costs about as much as 64 spin hints: read it only that often.
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + SPIN_NANOS;
                } else if (now - deadline > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Parks until the baton changes from {@code turn}; an interrupt is kept for later, not lost. */
    private void parkWhile(boolean turn) {
        boolean interrupted = false;
        while (bodyTurn == turn) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    String kind() {
        return "virtual-thread";
    }
}
