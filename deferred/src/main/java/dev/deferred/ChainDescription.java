package dev.deferred;

import static dev.deferred.ChainState.CALLED;
import static dev.deferred.ChainState.FAILED;
import static dev.deferred.ChainState.PAUSED;
import static dev.deferred.ChainState.RUNNING;
import static dev.deferred.ChainState.WAITING;

import java.util.ArrayList;
import java.util.List;

/**
 * Describing a Deferred for people: its state in {@link Deferred#toString}, its line and creation
 * stack in the pending dump ({@link PendingDeferreds}). Pure reading: each description takes a
 * snapshot under the Deferred's lock and builds its text after letting go, so no user code
 * ({@code toString} of a result) runs while the lock is held. (How messages name a Deferred,
 * {@link ChainState#identity} and {@link ChainState#debugName}, stays with the state: every
 * transition's error message uses it.)
 */
final class ChainDescription {
    private ChainDescription() {}

    /** {@code d}'s state for toString: pending, current result, waiting on, running. */
    static String describeState(ChainState d) {
        Object r;
        int f;
        d.lock();
        try {
            r = d.result;
            f = d.flags;
        } finally {
            d.unlock();
        }
        String state;
        if ((f & RUNNING) != 0) {
            state = "running callbacks";
        } else if ((f & CALLED) == 0) {
            state = (f & PAUSED) != 0 ? "pending, paused" : "pending";
        } else if ((f & WAITING) != 0) {
            state = "waiting on " + ((Chain) r).identity();
        } else if ((f & FAILED) != 0) {
            state = "current result: failure " + r;
        } else {
            state = "current result: " + r;
        }
        return state;
    }

    /**
     * For {@link PendingDeferreds}: {@code d}'s line in the dump if it has not fired or is
     * waiting on another Deferred (naming that one, and the Deferreds waiting on it), else null.
     */
    static String describePending(ChainState d) {
        Chain waitingOn = null;
        List<Chain> waiters = new ArrayList<>(1);
        String state;
        d.lock();
        try {
            if ((d.flags & CALLED) == 0) {
                state = (d.flags & PAUSED) != 0 ? "pending, paused" : "pending";
            } else if ((d.flags & WAITING) != 0) {
                waitingOn = (Chain) d.result;
                state = "waiting on " + waitingOn.identity();
            } else {
                return null;
            }
            for (int i = d.head; i < d.tail; i += 2) {
                if (d.steps[i] instanceof HandOff h) {
                    waiters.add(h.target);
                }
            }
        } finally {
            d.unlock();
        }
        StringBuilder b = new StringBuilder(d.identity()).append(" {").append(state).append('}');
        for (Chain w : waiters) {
            b.append(", awaited by ").append(w.identity());
        }
        return b.toString();
    }

    /** The creation stack for the pending dump, folded; a note when debugging was off at creation. */
    static String creationStack(ChainState d) {
        DebugInfo info = d.debugInfo();
        return info == null || info.creation == null
                ? "\t(created while debugging was off)\n"
                : "\tcreated at:\n" + DebugInfo.stackText(info.creation);
    }
}
