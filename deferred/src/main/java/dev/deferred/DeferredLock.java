package dev.deferred;

/**
 * A lock for event-driven code (Twisted's {@code DeferredLock}): {@link #acquire()} returns a
 * Deferred that fires with the lock once it is yours, waiters are served first come, first served,
 * and nothing ever blocks a thread.
 *
 * <pre>{@code
 * DeferredLock lock = new DeferredLock();
 * lock.acquire().addCallback(l -> {
 *     try { writeFile(); } finally { l.release(); }
 *     return null;
 * });
 * // or simply:
 * lock.run(() -> writeFileAsync());
 * }</pre>
 *
 * <p>{@link #release()} hands the lock to the oldest waiter synchronously: that waiter's callbacks
 * run on the releasing thread before {@code release()} returns. Releasing an unlocked lock throws
 * {@link IllegalStateException}. A waiting acquire can be cancelled; it then leaves the queue.
 * Thread-safe; no callback runs while the lock's internal monitor is held.
 */
public final class DeferredLock extends TokenPool<DeferredLock> {

    /** Creates an unlocked lock. */
    public DeferredLock() {
        super(1);
    }

    /**
     * Whether someone holds the lock (acquired and not yet released). Useful for a
     * "try-lock" check; the answer may be stale by the time it is used if other threads share the
     * lock.
     *
     * @return true while locked
     */
    public boolean isLocked() {
        return freeTokens() == 0;
    }

    @Override
    String releaseError() {
        return "release() on an unlocked DeferredLock: release only after the Deferred returned by acquire() has fired";
    }

    @Override
    public String toString() {
        return "DeferredLock{" + (isLocked() ? "locked" : "unlocked") + ", waiting=" + getWaitingCount() + "}";
    }
}
