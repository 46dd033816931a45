package dev.deferred;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
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
 *
 * <p><b>No silent deadlock.</b> The body runs on a thread other than its driver's, so a lock the
 * driver holds is not the body's: a body that takes a monitor or {@code ReentrantLock} its driver
 * holds (a Deferred fired inside {@code synchronized}) would wait for the driver while the driver
 * waits for it. A platform-thread driver that has waited {@link #CHECK_NANOS} for the body therefore
 * looks at both ({@link LockCycle}); when two looks in a row find the body stuck on a lock the
 * driver holds, it gives the body up: the baton goes to ABANDONED, the driver's {@code step} throws
 * {@link InlineDeadlockException} (the body's Deferred fails with it) and the firing call returns.
 * The abandoned body can never hand anything back: its next await throws, its outcome is dropped.
 *
 * <p><b>Carrier mechanism</b> (opt-in, {@link #CARRIER}). The body's virtual thread has this strand
 * as its scheduler: the JDK hands every "run this thread now" to {@link #execute}, which leaves it in
 * {@link #task}, and a platform-thread driver runs it itself, inside {@code step}. So the body's
 * slice executes on the firing thread's own stack and CPU, like a callback: no second OS thread, no
 * spinning, nothing waits for a carrier of the JDK's scheduler however busy that is. When the body
 * blocks in the middle of a slice (a lock, a sleep, I/O), whatever unblocks it hands the task to
 * {@code execute} on its own thread, which leaves it for the driver and wakes it. A virtual thread
 * cannot carry another one, so when the driver is virtual (or the body was given up) the slice runs
 * on a spare platform thread instead ({@link CarrierThreads#spare()}) and the driver waits for the
 * baton as on the default mechanism.
 */
final class VirtualThreadStrand extends Strand implements Executor {

    /**
     * Whether bodies' threads are scheduled by this strand (the opt-in carrier mechanism, see
     * {@link CarrierThreads}) rather than by the JDK's virtual-thread scheduler. Decided once.
     */
    static final boolean CARRIER = CarrierThreads.AVAILABLE;

    /** The property that sets the spin window, in nanoseconds; 0 turns spinning off. */
    static final String SPIN_PROPERTY = "dev.deferred.inlineCallbacks.spinNanos";
    /** The spin window: how long either side spins before it parks. */
    static final long SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1
            ? Math.max(0, Long.getLong(SPIN_PROPERTY, 20_000)) : 0;

    /** How long a platform driver waits for the body between two looks for a lock cycle. */
    static final long CHECK_NANOS = 250_000_000L;

    /** How many looks for a lock cycle drivers have taken (slow path only), for tests. */
    static final java.util.concurrent.atomic.AtomicLong LOOKS = new java.util.concurrent.atomic.AtomicLong();

    private static final ThreadFactory THREADS = Thread.ofVirtual().name("inline-callbacks-body").factory();

    private final InlineBody<?> body;

    /** Values of the baton {@link #turn}. */
    private static final int DRIVER = 0;
    private static final int BODY = 1;
    private static final int ABANDONED = 2;
    private static final VarHandle TURN;
    private static final VarHandle TASK;

    static {
        try {
            TURN = MethodHandles.lookup().findVarHandle(VirtualThreadStrand.class, "turn", int.class);
            TASK = MethodHandles.lookup().findVarHandle(VirtualThreadStrand.class, "task", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Hand-off protocol. `turn` is the baton: the driver stores itself in `driver` and
     * `drivingThread`, sets the baton to BODY and, if the body is parked (`bodyParked`), unparks it;
     * the body finishes its slice, CASes the baton BODY -> DRIVER and, if the driver is parked
     * (`driverParked`), unparks the driver. Each side spins or parks only while the baton is the
     * other's, so exactly one runs; the volatile baton publishes everything written before it
     * (the body's results, `driver`, `drivingThread`).
     *
     * Abandonment: a driver that finds the body stuck on a lock the driver holds CASes the baton
     * BODY -> ABANDONED (it wins or the body's hand-back does: exactly one of the two). ABANDONED is
     * final: no driver steps the body again, and the body, finding its CAS lost, throws instead of
     * handing back, so nothing it writes afterwards is ever read.
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
    private volatile int turn;
    private volatile Thread driver;
    private volatile boolean bodyParked;
    private volatile boolean driverParked;
    /**
     * The thread on whose turn the body runs: the driver, or, when the driver is itself another
     * body's thread, that body's driving thread, and so on. Read by the body's own code only.
     */
    private volatile Thread drivingThread;
    /** The body's thread; set by the body as it starts, read by drivers (also while waiting). */
    private volatile Thread thread;
    /**
     * Carrier mechanism only: the body's thread's run-task that the JDK asked {@link #execute} to
     * run and that the platform driver has yet to run (at most one: a virtual thread is submitted
     * again only after its previous run ended). Set by whichever thread the JDK calls
     * {@code execute} on, taken by the driver.
     */
    private volatile Runnable task;
    /** Why the body was abandoned; written by the driver before the baton goes to ABANDONED. */
    private volatile String abandonedBecause;
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
        turn = BODY;
        if (thread == null) {
            // An executor of its own, dropped at once: see the class comment on leaks.
            @SuppressWarnings("resource")
            var executor = Executors.newThreadPerTaskExecutor(
                    CARRIER ? CarrierThreads.factory(this, "inline-callbacks-body") : THREADS);
            executor.execute(this::runOnThread);
        } else if (bodyParked) {
            LockSupport.unpark(thread);
        }
        if (CARRIER || me.isVirtual() || !spinWhile(BODY)) {
            waitForBody(me);
        }
    }

    /**
     * The carrier mechanism's scheduler: called by the JDK, on any thread, when the body's thread
     * is to run. A platform driver runs it (see {@link #waitForBody}); otherwise a spare thread does.
     */
    @Override
    public void execute(Runnable run) {
        Thread d = driver;
        if (d.isVirtual() || turn == ABANDONED) {
            CarrierThreads.spare().execute(run);
            return;
        }
        task = run;
        if (turn == ABANDONED) {
            // Given up meanwhile: the driver may have looked for a task before this one came.
            Runnable left = takeTask();
            if (left != null) {
                CarrierThreads.spare().execute(left);
            }
        } else if (Thread.currentThread() != d) {
            LockSupport.unpark(d);
        }
    }

    /** Takes the body's pending run-task, if any (carrier mechanism). */
    private Runnable takeTask() {
        return task == null ? null : (Runnable) TASK.getAndSet(this, null);
    }

    /**
     * Waits until the body hands back, running its thread meanwhile on the carrier mechanism. Parks
     * rather than spins; a platform driver looks every {@link #CHECK_NANOS} for a lock cycle, and
     * gives the body up when two looks in a row find the same one.
     *
     * @throws InlineDeadlockException when it gave the body up
     */
    private void waitForBody(Thread me) {
        boolean platform = !me.isVirtual();
        boolean interrupted = false;
        long nextLook = System.nanoTime() + CHECK_NANOS;
        String suspect = null;
        try {
            for (;;) {
                Runnable t = takeTask();
                if (t != null) {
                    if (platform) {
                        t.run();        // the body's slice, on this thread (carrier mechanism)
                    } else {
                        CarrierThreads.spare().execute(t);  // left here by a platform driver before
                    }
                    continue;
                }
                if (turn != BODY) {
                    return;
                }
                long now = System.nanoTime();
                if (!platform || now - nextLook < 0) {
                    // Parked only with the flag up, re-checked after raising it (see the fields).
                    driverParked = true;
                    if (turn == BODY && task == null) {
                        if (platform) {
                            LockSupport.parkNanos(this, nextLook - now);
                        } else {
                            LockSupport.park(this);
                        }
                    }
                    driverParked = false;
                    interrupted |= Thread.interrupted();
                    continue;
                }
                LOOKS.incrementAndGet();
                String found = LockCycle.bodyNeedsDriversLock(me, thread);
                if (found != null && found.equals(suspect)) {
                    abandonedBecause = "the thread that fired the Deferred holds a lock the inline body needs: "
                            + me.getName() + " resumed the body and waits for it, and the body has been waiting"
                            + " for " + found + " for " + 2 * CHECK_NANOS / 1_000_000 + " ms. Fire the Deferred"
                            + " outside the lock (or hand the firing to a reactor with callFromThread). The body"
                            + " was abandoned: its next await throws and its outcome is discarded";
                    if (TURN.compareAndSet(this, BODY, ABANDONED)) {
                        // A run-task left for this driver must still run, elsewhere, for the body
                        // to let go of whatever it takes next (see execute).
                        Runnable left = takeTask();
                        if (left != null) {
                            CarrierThreads.spare().execute(left);
                        }
                        throw new InlineDeadlockException(abandonedBecause);
                    }
                }
                suspect = found;
                nextLook = now + CHECK_NANOS;
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
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
        // On the carrier mechanism the body runs on its driver's own stack: it must never spin.
        boolean spin = !CARRIER && !driver.isVirtual() && SPIN_NANOS > 0 && backoff.shouldSpin();
        if (!handBack()) {
            throw abandoned();
        }
        if (spin) {
            boolean resumed = spinWhile(DRIVER);
            backoff.spun(resumed);
            if (resumed) {
                return true;
            }
        }
        bodyParked = true;
        parkWhile(DRIVER);
        bodyParked = false;
        return true;
    }

    @Override
    void checkNotAbandoned() {
        if (turn == ABANDONED) {
            throw abandoned();
        }
    }

    private InlineDeadlockException abandoned() {
        return new InlineDeadlockException("co.await() in an inline body that was abandoned because "
                + abandonedBecause);
    }

    @Override
    Thread drivingThread() {
        return drivingThread;
    }

    /** Gives the turn back to the driver; false if the driver has abandoned the body. */
    private boolean handBack() {
        Thread d = driver;
        if (!TURN.compareAndSet(this, BODY, DRIVER)) {
            return false;
        }
        if (driverParked) {
            LockSupport.unpark(d);
        }
        return true;
    }

    /**
     * Busy-waits while the baton is {@code t}, for at most the spin window.
     *
     * @return true if the baton changed, false if the window ran out first
     */
    private boolean spinWhile(int t) {
        if (SPIN_NANOS == 0) {
            return turn != t;
        }
        long deadline = 0;
        for (int n = 1; turn == t; n++) {
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

    /** Parks until the baton changes from {@code t}; an interrupt is kept for later, not lost. */
    private void parkWhile(int t) {
        boolean interrupted = false;
        while (turn == t) {
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
        return CARRIER ? "virtual-thread on the firing thread (carrier)" : "virtual-thread";
    }
}
