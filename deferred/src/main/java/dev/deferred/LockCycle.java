package dev.deferred;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * Recognises the one deadlock a synchronous hand-off invites: the thread that resumed an inline
 * body holds a lock, waits for the body, and the body waits for that lock. A plain callback would
 * simply re-enter the lock (it runs on the firing thread); a body on a thread of its own cannot.
 *
 * <p>What the JDK lets a library see (its management API does not describe virtual threads, and
 * the body's thread is one): the driver's own locks, through {@link ThreadMXBean} (so only a
 * platform-thread driver can be inspected), and, for the body, its {@link Thread#getState() state}
 * and the object it is parked on ({@link LockSupport#getBlocker}). That is exact for a
 * {@link java.util.concurrent.locks.ReentrantLock} or a write lock: the body is parked on the very
 * synchronizer the driver owns. For a monitor ({@code synchronized}) the JDK does not say which
 * object a virtual thread is blocked on, so the finding is "the body is blocked entering a monitor
 * and the driver, which waits for it, holds one" — the caller confirms it over a second sample so a
 * passing contention is not taken for a deadlock.
 *
 * <p>Only called on the slow path, after the driver has waited a long time for the body: reading
 * a thread's locks costs a safepoint (milliseconds).
 */
final class LockCycle {
    private LockCycle() {}

    /**
     * What the body waits for that the driver holds, or null if nothing says they are deadlocked.
     * Called by {@code driver} itself (the thread that is waiting for {@code body}).
     *
     * @return a description of the lock, equal between two samples when the body is still stuck at
     *         the same place
     */
    static String bodyNeedsDriversLock(Thread driver, Thread body) {
        if (driver.isVirtual() || body == null) {
            return null;    // the management API cannot tell what a virtual driver holds
        }
        Thread.State state = body.getState();
        Object blocker = LockSupport.getBlocker(body);
        boolean monitor = state == Thread.State.BLOCKED;
        boolean ownable = state == Thread.State.WAITING && blocker instanceof AbstractOwnableSynchronizer;
        if (!monitor && !ownable) {
            return null;
        }
        ThreadInfo info;
        try {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            ThreadInfo[] infos = mx.getThreadInfo(new long[] {driver.threadId()},
                    mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
            info = infos.length == 0 ? null : infos[0];
        } catch (RuntimeException | LinkageError unavailable) {
            return null;    // no management support in this runtime: nothing to go on
        }
        if (info == null) {
            return null;
        }
        if (ownable) {
            int hash = System.identityHashCode(blocker);
            String cls = blocker.getClass().getName();
            for (LockInfo held : info.getLockedSynchronizers()) {
                if (held.getIdentityHashCode() == hash && held.getClassName().equals(cls)) {
                    return "the lock " + held + " (e.g. a ReentrantLock), which " + driver.getName() + " holds";
                }
            }
            return null;
        }
        MonitorInfo[] monitors = info.getLockedMonitors();
        if (monitors.length == 0) {
            return null;
        }
        StackTraceElement[] where = body.getStackTrace();
        return "a monitor (a synchronized block or method, at " + (where.length == 0 ? "?" : where[0])
                + "), while " + driver.getName() + " holds " + Arrays.toString(monitors);
    }
}
