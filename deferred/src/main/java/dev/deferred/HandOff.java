package dev.deferred;

/**
 * A chain entry that hands the current result to another Deferred instead of calling a function.
 * It is how chaining is resolved without recursion: when the run loop meets a hand-off it gives
 * the result to {@link #target} and, if that makes the target runnable, goes on running the
 * target's chain in the same loop (Twisted's {@code _CONTINUE} marker, made thread-safe).
 *
 * <p>Two kinds, sharing the loop:
 * <ul>
 *   <li>{@link #AWAITED}: {@code target} returned this entry's Deferred from a callback and is
 *       waiting for it. The result moves to the target; this Deferred is left holding null.</li>
 *   <li>{@link #CHAINED}: {@code chainDeferred(target)}: the target is fired with the result as if
 *       by {@code callback}/{@code errback}, which fails with {@link AlreadyCalledException} if the
 *       target was already fired.</li>
 * </ul>
 */
final class HandOff {
    static final boolean AWAITED = true;
    static final boolean CHAINED = false;

    final Chain target;
    final boolean awaited;

    /*
     * The target's entries array and tail, read under the target's lock at the moment the hand-off
     * made the target runnable and this thread its owner; the run loop starts the target from them
     * instead of locking again. Written and read by that one thread only; each hand-off fires once.
     */
    Object[] batch;
    int end;

    HandOff(Chain target, boolean awaited) {
        this.target = target;
        this.awaited = awaited;
    }

    /** Records the target's entries, taken under its lock as it became ours. */
    void snapshot(Object[] steps, int tail) {
        batch = steps;
        end = tail;
    }
}
