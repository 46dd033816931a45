package dev.deferred;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A detached copy of a failure: the same text ({@link #toString()} and {@link #getMessage()} are
 * the original's, so a listener that matches on the message sees no difference), the same
 * stack trace, copies of its causes and suppressed throwables, and no reference to anything the
 * original referenced. An unhandled-error report keeps one when keeping the original would keep
 * the original's Deferred alive (see {@link UnhandledErrors}). Printing it reads like printing
 * the original.
 */
final class FailureCopy extends Throwable {
    private static final long serialVersionUID = 1L;

    private final String text;

    private FailureCopy(String text, String message, StackTraceElement[] stack) {
        super(message); // leaves the cause unset, so of() can initCause it
        this.text = text;
        setStackTrace(stack);
    }

    /** Copies {@code t}, its cause chain and suppressed throwables (each once, cycles cut). */
    static FailureCopy of(Throwable t) {
        return copy(t, new IdentityHashMap<>());
    }

    private static FailureCopy copy(Throwable t, Map<Throwable, FailureCopy> seen) {
        FailureCopy done = seen.get(t);
        if (done != null) {
            return done;
        }
        FailureCopy c = new FailureCopy(safeText(t), safeMessage(t), t.getStackTrace());
        seen.put(t, c);
        Throwable cause = t.getCause();
        if (cause != null) {
            c.initCause(copy(cause, seen));
        }
        for (Throwable s : t.getSuppressed()) {
            c.addSuppressed(copy(s, seen));
        }
        return c;
    }

    /** The original's toString, guarded: it is user code and runs on the reporting thread. */
    private static String safeText(Throwable t) {
        try {
            return t.toString();
        } catch (RuntimeException e) {
            return t.getClass().getName() + " (toString threw " + e + ")";
        }
    }

    /** The original's message, guarded like its text: getMessage may be overridden by user code. */
    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // The stack is the original's, set in the constructor; capturing the copier's is waste.
        return this;
    }

    @Override
    public String toString() {
        return text;
    }
}
