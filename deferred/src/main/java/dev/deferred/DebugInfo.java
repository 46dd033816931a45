package dev.deferred;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Where a Deferred was created and first fired, kept only while
 * {@link Deferred#setDebugging(boolean) debugging} is on. The stacks are captured as throwables
 * and turned into text only when a message needs them.
 */
final class DebugInfo {
    /** Captured in the constructor when debugging was on then; may be null. */
    final Throwable creation;
    /** Captured at the first callback/errback; written under the Deferred's lock. */
    Throwable invocation;

    DebugInfo(Throwable creation) {
        this.creation = creation;
    }

    /** The debug stacks as text, or a hint on how to get them. */
    static String describe(DebugInfo info) {
        if (info == null) {
            return " (call Deferred.setDebugging(true) to see where it was created and first fired)";
        }
        StringBuilder b = new StringBuilder();
        if (info.creation != null) {
            b.append("\nC: Deferred was created:\n").append(stackText(info.creation));
        }
        if (info.invocation != null) {
            b.append("\nI: First Invoker was:\n").append(stackText(info.invocation));
        }
        return b.toString();
    }

    private static String stackText(Throwable t) {
        StringWriter w = new StringWriter();
        StackTraceElement[] frames = t.getStackTrace();
        PrintWriter p = new PrintWriter(w);
        for (StackTraceElement frame : frames) {
            p.append("\tat ").println(frame);
        }
        p.flush();
        return w.toString();
    }
}
