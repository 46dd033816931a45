package dev.deferred;

import java.net.URL;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a Deferred was created and first fired, kept only while
 * {@link Deferred#setDebugging(boolean) debugging} is on. The stacks are captured as throwables
 * and turned into text only when a message needs them, newest frame first, with the frames of
 * this library folded into one line each run (they say how, the user's frames say where).
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

    /** How many frames outside the library a stack shows; the rest (test runners, thread starts) is counted. */
    private static final int SHOWN_FRAMES = 12;

    /** The stack as "\tat ..." lines, library frames folded, cut after SHOWN_FRAMES user frames. */
    static String stackText(Throwable t) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        int folded = 0;
        int shown = 0;
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement frame = frames[i];
            if (isLibraryFrame(frame)) {
                folded++;
                continue;
            }
            appendFolded(b, folded);
            folded = 0;
            if (shown == SHOWN_FRAMES) {
                b.append("\t... ").append(frames.length - i).append(" more\n");
                return b.toString();
            }
            b.append("\tat ").append(frame).append('\n');
            shown++;
        }
        appendFolded(b, folded);
        return b.toString();
    }

    private static void appendFolded(StringBuilder b, int folded) {
        if (folded > 0) {
            b.append("\t... ").append(folded).append(folded == 1 ? " deferred frame" : " deferred frames").append('\n');
        }
    }

    /** The first frame outside this library: "where" in one line; "unknown" if there is none. */
    static String site(Throwable t) {
        if (t == null) {
            return "an unknown place (debugging was off then)";
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (!isLibraryFrame(frame)) {
                return frame.toString();
            }
        }
        return "an unknown place";
    }

    /** How a trail names a Deferred: its identity and where it was created. */
    static String name(Chain d, DebugInfo info) {
        return d.identity() + " (created at " + site(info == null ? null : info.creation) + ")";
    }

    private static final Map<String, Boolean> LIBRARY = new ConcurrentHashMap<>();
    private static final URL CORE = location(Chain.class);

    /**
     * Whether the frame is the core library's own code: its class comes from the same place as
     * this class (so the library's own tests, in the same package, count as user code).
     */
    static boolean isLibraryFrame(StackTraceElement frame) {
        String cls = frame.getClassName();
        if (!cls.startsWith("dev.deferred.")) {
            return false;
        }
        return LIBRARY.computeIfAbsent(cls, DebugInfo::fromCore);
    }

    private static boolean fromCore(String className) {
        try {
            Class<?> c = Class.forName(className, false, Chain.class.getClassLoader());
            URL where = location(c);
            return CORE == null ? where == null : CORE.equals(where);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
