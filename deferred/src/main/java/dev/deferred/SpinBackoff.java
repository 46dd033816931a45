package dev.deferred;

/**
 * Decides, wait by wait, whether a body's thread should spin before it parks. Spinning pays off
 * only when the next resume comes within the spin window, as it does when a loop fires Deferreds
 * one after the other; a body that waits on the network would burn a window per await for
 * nothing. So after a spin that timed out the next few waits park at once, twice as many after
 * each further timeout (up to {@link #MAX_SKIPPED}), and one spin that is resumed in time brings
 * spinning back for every wait. A body that always waits long thus spins about once in
 * {@code MAX_SKIPPED} waits, which keeps its wasted CPU to a small fraction of what parking and
 * waking cost it anyway.
 *
 * <p>Confined to the body's thread: no synchronization.
 */
final class SpinBackoff {

    /** The most waits that park without spinning after a run of timed-out spins. */
    static final int MAX_SKIPPED = 64;

    /** Waits still to park at once before the next spin is tried. */
    private int skip;
    /** How many waits the next timeout makes park at once. */
    private int penalty = 1;

    /** Whether this wait should spin first; counts the wait when it should not. */
    boolean shouldSpin() {
        if (skip == 0) {
            return true;
        }
        skip--;
        return false;
    }

    /** Records how a spin ended: resumed in time, or timed out (the wait then parked). */
    void spun(boolean resumedInTime) {
        if (resumedInTime) {
            penalty = 1;
        } else {
            skip = penalty;
            penalty = Math.min(penalty * 2, MAX_SKIPPED);
        }
    }
}
