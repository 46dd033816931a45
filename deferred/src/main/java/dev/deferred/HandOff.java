package dev.deferred;

/**
 * A chain entry that hands the current result to another Deferred instead of calling a function.
 * It is how chaining is resolved without recursion: when the run loop meets a hand-off it gives
 * the result to {@link #target} and, if that makes the target runnable, goes on running the
 * target's chain in the same loop (Twisted's {@code _CONTINUE} marker, made thread-safe).
 *
 * <p>Two kinds, sharing the loop:
 * <ul>
 *   <li>awaited ({@link #awaited(Chain)}): {@code target} returned this entry's Deferred from a callback and is
 *       waiting for it. The result moves to the target; this Deferred is left holding null.</li>
 *   <li>chained ({@link #chained(Chain)}, a {@link Chained}): {@code chainDeferred(target)}: the target is fired with the result as if
 *       by {@code callback}/{@code errback}, which fails with {@link AlreadyCalledException} if the
 *       target was already fired.</li>
 * </ul>
 */
class HandOff {

    final Chain target;

    /*
     * The target's entries array and tail, read under the target's lock at the moment the hand-off
     * made the target runnable and this thread its owner; the run loop starts the target from them
     * instead of locking again. Written and read by that one thread only; each hand-off fires once.
     */
    Object[] batch;
    int end;

    private HandOff(Chain target) {
        this.target = target;
    }

    /** The hand-off to {@code waiter}, whose callback returned the Deferred this entry is added to. */
    static HandOff awaited(Chain waiter) {
        return new HandOff(waiter);
    }

    /** The hand-off of {@code chainDeferred(target)}. */
    static HandOff chained(Chain target) {
        return new Chained(target);
    }

    /**
     * Whether the target awaits this result (else it was chained with chainDeferred). The kind is
     * the class rather than a field, which keeps a hand-off at 24 bytes.
     */
    final boolean awaited() {
        return !(this instanceof Chained);
    }

    /** A chainDeferred hand-off. */
    private static final class Chained extends HandOff {
        Chained(Chain target) {
            super(target);
        }
    }

    /** Records the target's entries, taken under its lock as it became ours. */
    void snapshot(Object[] steps, int tail) {
        batch = steps;
        end = tail;
    }
}
