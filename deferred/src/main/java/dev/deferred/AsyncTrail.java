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

    /**
     * Oldest first; guarded by this. A failure can travel on several threads. Each entry is the
     * parts of one line, turned into text only when the trail is printed: rendering a site means
     * materialising a stack trace, which would make every step of a failing chain slow.
     */
    @SuppressWarnings("serial") // debug-only text parts; a serialized trail is not a use case
    private final List<Object[]> entries = new ArrayList<>();

    /** A Deferred in a trail line: "Deferred@1b6d3586 (created at Foo.bar(Foo.java:12))". */
    record Named(String identity, Throwable creation) {
        @Override
        public String toString() {
            return identity + " (created at " + DebugInfo.site(creation) + ")";
        }
    }

    /** A place in a trail line: the first frame outside the library. */
    record Site(Throwable where) {
        @Override
        public String toString() {
            return DebugInfo.site(where);
        }
    }

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

    /** Appends an event to the failure's trail: its parts, rendered with toString when printed. */
    static void note(Throwable failure, Object... event) {
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
        List<Object[]> copied;
        synchronized (earlier) {
            copied = new ArrayList<>(earlier.entries);
        }
        AsyncTrail t = of(raised);
        if (t != null && t != earlier) {
            synchronized (t) {
                t.entries.addAll(copied);
                t.entries.add(new Object[] {"while " + from.getClass().getName() + " was being handled:"});
            }
        }
    }

    /** The events, newest first. */
    List<String> newestFirst() {
        List<Object[]> copy;
        synchronized (this) {
            copy = new ArrayList<>(entries);
        }
        List<String> lines = new ArrayList<>(copy.size());
        for (Object[] parts : copy.reversed()) {
            StringBuilder b = new StringBuilder();
            for (Object p : parts) {
                b.append(p);
            }
            lines.add(b.toString());
        }
        return lines;
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
