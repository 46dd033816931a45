package dev.deferred;

import java.net.URL;
import java.security.CodeSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a Deferred was created and first fired, kept only while
 * {@link Deferred#setDebugging(boolean) debugging} is on. The stacks are captured as throwables
 * and turned into text only when a message needs them, newest frame first, with the frames of
 * the library (core, reactor, testing, future modules) folded into one line each run: they say
 * how, the user's frames say where.
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

    private static final Map<String, Boolean> LIBRARY = new ConcurrentHashMap<>();
    /** One public class of each of the library's modules: their class-path locations are the library's. */
    private static final String[] ANCHORS = {
        "dev.deferred.Deferred", "dev.deferred.reactor.Reactor", "dev.deferred.testing.DeferredAssertions",
        "dev.deferred.future.DeferredFutures",
    };
    private static volatile Set<URL> libraryLocations;

    /**
     * Whether the frame is the library's own code: a dev.deferred class loaded from where one of
     * the library's modules was (so the library's own tests, in the same packages but elsewhere on
     * the class path, count as user code).
     */
    static boolean isLibraryFrame(StackTraceElement frame) {
        String cls = frame.getClassName();
        if (!cls.startsWith("dev.deferred.")) {
            return false;
        }
        return LIBRARY.computeIfAbsent(cls, DebugInfo::fromLibrary);
    }

    private static boolean fromLibrary(String className) {
        Set<URL> where = libraryLocations;
        if (where == null) {
            where = new HashSet<>();
            for (String anchor : ANCHORS) {
                URL u = locationOf(anchor);
                if (u != null) {
                    where.add(u);
                }
            }
            libraryLocations = where;
        }
        URL u = locationOf(className);
        return u != null && where.contains(u);
    }

    private static URL locationOf(String className) {
        try {
            return location(Class.forName(className, false, Chain.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
