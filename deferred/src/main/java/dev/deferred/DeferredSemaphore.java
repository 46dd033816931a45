package dev.deferred;

/**
 * A semaphore for event-driven code (Twisted's {@code DeferredSemaphore}): at most {@code limit}
 * holders at once; {@link #acquire()} returns a Deferred that fires with the semaphore when a
 * token is yours, waiters are served first come, first served, and nothing blocks a thread.
 *
 * <pre>{@code
 * DeferredSemaphore sem = new DeferredSemaphore(4);     // at most 4 downloads at a time
 * List<Deferred<Page>> pages = urls.stream().map(u -> sem.<Page>run(() -> fetch(u))).toList();
 * }</pre>
 *
 * <p>{@link #release()} hands the token to the oldest waiter synchronously: that waiter's
 * callbacks run on the releasing thread before {@code release()} returns. Releasing more often
 * than acquiring throws {@link IllegalStateException}. A waiting acquire can be cancelled; it
 * then leaves the queue. Thread-safe; no callback runs while the internal monitor is held.
 */
public final class DeferredSemaphore extends TokenPool<DeferredSemaphore> {

    /**
     * Creates a semaphore with {@code tokens} free tokens, which is also its limit.
     *
     * @param tokens how many holders may hold it at once; at least 1
     * @throws IllegalArgumentException if {@code tokens} is less than 1
     */
    public DeferredSemaphore(int tokens) {
        super(checked(tokens));
    }

    private static int checked(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("DeferredSemaphore needs at least 1 token, got " + tokens
                    + " (use new DeferredLock() for one holder at a time)");
        }
        return tokens;
    }

    /**
     * The tokens free right now (Twisted's {@code tokens}).
     *
     * @return between 0 and {@link #getLimit()}
     */
    public int getTokens() {
        return freeTokens();
    }

    /**
     * How many may hold the semaphore at once (Twisted's {@code limit}).
     *
     * @return the number given to the constructor
     */
    public int getLimit() {
        return limit();
    }

    @Override
    String releaseError() {
        return "release() on a DeferredSemaphore with all " + limit()
                + " tokens free: it was released more often than acquired";
    }

    @Override
    public String toString() {
        return "DeferredSemaphore{tokens=" + getTokens() + "/" + limit() + ", waiting=" + getWaitingCount() + "}";
    }
}
