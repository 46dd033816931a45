package dev.deferred;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure's async stack trace, kept only in {@link Deferred#setDebugging(boolean) debug mode}:
 * the Deferreds and steps the failure went through, newest first. It is attached to the failure
 * as a suppressed throwable (as Reactor's debug mode does), so that every printout of the failure
 * shows it: the unhandled-error report, {@code failureResultOf}'s message, the user's own log.
 *
 * <p>It records text and the stacks of where things were created and added, never a Deferred or
 * a result: a failure referencing its Deferred would otherwise keep it alive (see
 * {@link UnhandledErrors}). A failure created with suppression disabled carries no trail.
 */
final class AsyncTrail extends Throwable {
    private static final long serialVersionUID = 1L;

    /** Oldest first; guarded by this. A failure can travel on several threads. */
    private final List<String> entries = new ArrayList<>();

    private AsyncTrail() {
        super("Deferred trail", null, false, false);
    }

    /** The trail attached to {@code failure}, attached now if it had none; null if it cannot carry one. */
    static AsyncTrail of(Throwable failure) {
        // Throwable's own suppression methods lock the throwable: so does this, so that two
        // threads noting on the same failure attach one trail between them.
        synchronized (failure) {
            AsyncTrail existing = find(failure);
            if (existing != null) {
                return existing;
            }
            AsyncTrail t = new AsyncTrail();
            failure.addSuppressed(t);
            return find(failure);
        }
    }

    /** The trail attached to {@code failure}, or null. */
    static AsyncTrail find(Throwable failure) {
        for (Throwable s : failure.getSuppressed()) {
            if (s instanceof AsyncTrail t) {
                return t;
            }
        }
        return null;
    }

    /** Appends an event to the failure's trail. */
    static void note(Throwable failure, String event) {
        if (failure == null || failure instanceof AsyncTrail) {
            return;
        }
        AsyncTrail t = of(failure);
        if (t != null) {
            synchronized (t) {
                t.entries.add(event);
            }
        }
    }

    /** {@code raised} was thrown while {@code from} was being handled: it inherits from's history. */
    static void inherit(Throwable raised, Throwable from) {
        if (raised == null || from == null || raised == from) {
            return;
        }
        AsyncTrail earlier = find(from);
        if (earlier == null) {
            return;
        }
        List<String> copied;
        synchronized (earlier) {
            copied = new ArrayList<>(earlier.entries);
        }
        AsyncTrail t = of(raised);
        if (t != null && t != earlier) {
            synchronized (t) {
                t.entries.addAll(copied);
                t.entries.add("while " + from.getClass().getName() + " was being handled:");
            }
        }
    }

    /** The events, newest first. */
    List<String> newestFirst() {
        List<String> copy;
        synchronized (this) {
            copy = new ArrayList<>(entries);
        }
        return copy.reversed();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Deferred trail (newest first):");
        for (String e : newestFirst()) {
            b.append("\n\t\t").append(e);
        }
        return b.toString();
    }
}
