package dev.deferred;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The strand that needs no JVM flag: the body runs on a virtual thread of its own, and the thread
 * that steps it hands it the turn and waits (parks) until the body gives the turn back at its next
 * await or its end. It is a synchronous hand-off: exactly one of the two runs at a time.
 *
 * <p>Cost: a hand-off between two virtual threads is cheap (a fraction of a microsecond), but waking
 * the body's virtual thread from a platform thread (a reactor thread, say) goes through the
 * virtual-thread scheduler (a carrier thread must be woken, then the platform thread) and costs
 * about ten microseconds per await. Spinning before parking would shorten that when cores are
 * idle, but burns CPU whenever a body waits on something slow (the common case), so it waits
 * without spinning.
 *
 * <p>No leak: each body's thread is started in a thread-per-task executor of its own rather than
 * with {@code Thread.start}. The JDK keeps every virtual thread started directly in a global set
 * (for thread dumps), which would keep a body that waits forever, its stack and everything on it,
 * alive forever; an executor is registered only weakly. A body parked on a Deferred that nobody
 * else can reach is therefore unreachable as a whole (thread, stack, executor) and is collected.
 */
final class VirtualThreadStrand extends Strand {

    private static final ThreadFactory THREADS = Thread.ofVirtual().name("inline-callbacks-body").factory();

    private final InlineBody<?> body;

    /*
     * Hand-off protocol. `bodyTurn` is the baton: the driver sets it true (after storing itself in
     * `driver`) and unparks the body; the body sets it false (after finishing its slice) and unparks
     * `driver`. Each side parks only while the baton is the other's, so exactly one runs. Both
     * fields are volatile: the baton's write publishes everything written before it, including
     * the body's results and `driver`.
     */
    private volatile boolean bodyTurn;
    private volatile Thread driver;
    /** The body's thread; written and read by drivers only, ordered by the baton. */
    private Thread thread;

    VirtualThreadStrand(InlineBody<?> body) {
        this.body = body;
    }

    @Override
    void step(InlineThreadState driverState) {
        driver = Thread.currentThread();
        bodyTurn = true;
        if (thread == null) {
            // An executor of its own, dropped at once: see the class comment on leaks.
            @SuppressWarnings("resource")
            var executor = Executors.newThreadPerTaskExecutor(THREADS);
            executor.execute(this::runOnThread);
        } else {
            LockSupport.unpark(thread);
        }
        waitWhile(true);
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
        handBack();
        waitWhile(false);
        return true;
    }

    private void handBack() {
        Thread d = driver;
        bodyTurn = false;
        LockSupport.unpark(d);
    }

    /** Parks until the baton changes from {@code turn}; an interrupt is kept for later, not lost. */
    private void waitWhile(boolean turn) {
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
