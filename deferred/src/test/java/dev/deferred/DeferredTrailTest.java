package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's async stack trace: a failure printed anywhere shows where its Deferreds were
 * created, which steps saw it and where they were added, and which Deferred waited on which,
 * newest first, with the library's own frames folded.
 */
class DeferredTrailTest {
    private boolean before;

    @BeforeEach
    void on() {
        before = Deferred.isDebugging();
        Deferred.setDebugging(true);
    }

    @AfterEach
    void restore() {
        Deferred.setDebugging(before);
    }

    @Test
    void aThreeStepChainThatFailsInTheMiddleShowsEachStepThatSawTheFailure() {
        Deferred<String> d = createHere();
        d.addCallback(s -> s + "!")                                                   // step 1: before the failure
         .addCallback(s -> { throw new IOException("middle"); })                      // step 2: raises it
         .addErrback(IllegalStateException.class, e -> "not this one");               // step 3: sees it, passes it on
        d.callback("go");
        Throwable failure = Results.failureResultOf(d, IOException.class);
        List<String> trail = trailLines(failure);

        // Newest first: failureResultOf's own step, then step 3, then step 2 (step 1 saw no failure).
        assertEquals(3, trail.size(), String.join("\n", trail));
        assertTrue(trail.get(0).endsWith("step added at dev.deferred.Results.consume(Results.java:98) received it"), trail.get(0));
        trail = trail.subList(1, trail.size());
        String name = d.identity() + " (created at dev.deferred.DeferredTrailTest.createHere(DeferredTrailTest.java:";
        assertTrue(trail.get(0).startsWith(name), trail.get(0));
        assertTrue(trail.get(0).endsWith("errback added at dev.deferred.DeferredTrailTest"
                + ".aThreeStepChainThatFailsInTheMiddleShowsEachStepThatSawTheFailure(DeferredTrailTest.java:"
                + (lineOf("step 3") + ") received it")), trail.get(0));
        assertTrue(trail.get(1).endsWith("callback added at dev.deferred.DeferredTrailTest"
                + ".aThreeStepChainThatFailsInTheMiddleShowsEachStepThatSawTheFailure(DeferredTrailTest.java:"
                + (lineOf("step 2") + ") raised it")), trail.get(1));
        String printed = printed(failure);
        assertTrue(printed.contains("Suppressed: Deferred trail (newest first):"), printed);
    }

    @Test
    void aNestedWaitShowsTheDeferredsWaitingOnEachOther() {
        Deferred<String> inner = createInner();
        Deferred<String> middle = createMiddle();
        Deferred<String> outer = createOuter();
        middle.addCallbackDeferred(x -> inner);
        outer.addCallbackDeferred(x -> middle);
        middle.callback("go");                   // middle now waits on inner
        outer.callback("go");                    // outer now waits on middle
        inner.errback(new IOException("deep"));  // the failure travels inner -> middle -> outer
        Throwable failure = Results.failureResultOf(outer, IOException.class);
        List<String> trail = trailLines(failure);

        // Newest first: failureResultOf's own step on outer, then the hand-offs, then the first failure.
        assertEquals(4, trail.size(), String.join("\n", trail));
        assertTrue(trail.get(0).startsWith(outer.identity()) && trail.get(0).endsWith("received it"), trail.get(0));
        trail = trail.subList(1, trail.size());
        assertTrue(trail.get(0).startsWith(middle.identity() + " (created at dev.deferred.DeferredTrailTest.createMiddle("), trail.get(0));
        assertTrue(trail.get(0).contains(" handed it to " + outer.identity() + " (created at dev.deferred.DeferredTrailTest.createOuter("), trail.get(0));
        assertTrue(trail.get(0).endsWith("which was waiting on it"), trail.get(0));
        assertTrue(trail.get(1).startsWith(inner.identity() + " (created at dev.deferred.DeferredTrailTest.createInner("), trail.get(1));
        assertTrue(trail.get(1).contains(" handed it to " + middle.identity()), trail.get(1));
        assertTrue(trail.get(2).startsWith(inner.identity()), trail.get(2));
        assertTrue(trail.get(2).contains(": failed with it at dev.deferred.DeferredTrailTest.aNestedWaitShowsTheDeferredsWaitingOnEachOther("), trail.get(2));
    }

    @Test
    void theUnhandledErrorReportShowsTheTrailAndTheCreationStackFolded() throws Exception {
        String marker = "trail-" + UUID.randomUUID();
        List<String> reports = new CopyOnWriteArrayList<>();
        try (AutoCloseable reg = UnhandledErrors.addListener(e -> {
            if (e.failure().getMessage() != null && e.failure().getMessage().contains(marker)) {
                reports.add(e.debugStacks() + "\n" + printed(e.failure()));
            }
        })) {
            dropFailingChain(marker);
            for (int round = 0; round < 10 && reports.isEmpty(); round++) {
                UnhandledErrors.collect(Duration.ofSeconds(5));
            }
        }
        assertEquals(1, reports.size());
        String report = reports.get(0);
        assertTrue(report.contains("C: Deferred was created:\n\t... 2 deferred frames\n\tat dev.deferred.DeferredTrailTest.createHere("), report);
        String debugStacks = report.substring(0, report.indexOf("java.io.IOException: " + marker));
        assertFalse(debugStacks.contains("at dev.deferred.Chain."), "library frames are folded: " + debugStacks);
        assertTrue(report.contains("Deferred trail (newest first):"), report);
        assertTrue(report.contains("callback added at dev.deferred.DeferredTrailTest.dropFailingChain("), report);
    }

    @Test
    void alreadyCalledFoldsLibraryFrames() {
        Deferred<String> d = createHere();
        d.callback("first");
        String msg = assertThrows(AlreadyCalledException.class, () -> d.callback("again")).getMessage();
        assertTrue(msg.contains("\t... 2 deferred frames\n\tat dev.deferred.DeferredTrailTest.createHere("), msg);
        assertFalse(msg.contains("at dev.deferred.Chain."), msg);
    }

    @Test
    void withoutDebuggingAFailureCarriesNoTrail() {
        Deferred.setDebugging(false);
        Deferred<String> d = createHere();
        d.addCallback(s -> { throw new IOException("plain"); });
        d.callback("go");
        assertEquals(0, Results.failureResultOf(d, IOException.class).getSuppressed().length);
    }

    private static void dropFailingChain(String marker) {
        Deferred<String> d = createHere();
        d.addCallback(s -> { throw new IOException(marker); });
        d.callback("go");
    }

    private static Deferred<String> createHere() {
        return new Deferred<>();
    }

    private static Deferred<String> createInner() {
        return new Deferred<>();
    }

    private static Deferred<String> createMiddle() {
        return new Deferred<>();
    }

    private static Deferred<String> createOuter() {
        return new Deferred<>();
    }

    /** The trail's entries as printed, newest first. */
    private static List<String> trailLines(Throwable failure) {
        Throwable trail = null;
        for (Throwable s : failure.getSuppressed()) {
            if (s.toString().startsWith("Deferred trail (newest first):")) {
                trail = s;
            }
        }
        assertTrue(trail != null, "no trail on " + printed(failure));
        return trail.toString().lines().skip(1).map(String::strip).toList();
    }

    private static String printed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The line of this file holding {@code comment}'s marker: keeps the assertions true when lines move. */
    private static int lineOf(String comment) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    System.getProperty("basedir", "."), "src/test/java/dev/deferred/DeferredTrailTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// " + comment + ":")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no line marked " + comment);
    }
}
