package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a real child JVM whose class path has the core, vavr and slf4j-api but no slf4j provider
 * (this module's own test class path has logback): the unhandled-error report must reach stderr,
 * both from a collection and from the JVM's exit.
 */
class NoLoggingProviderTest {

    private record Outcome(int exit, String out, String err) {}

    private static Outcome runChild(String mode, String marker, String... jvmFlags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cp = new ArrayList<>();
        cp.add(Path.of(Deferred.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        cp.add(Path.of(DropAndExitMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("vavr") || name.startsWith("slf4j-api")) {
                cp.add(entry);
            }
        }
        assertTrue(cp.stream().anyMatch(e -> e.contains("slf4j-api")) && cp.stream().noneMatch(e -> e.contains("logback")),
                "the child's class path has slf4j-api and no provider: " + cp);
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), DropAndExitMain.class.getName(), mode, marker));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        // Read stderr on another thread so neither pipe can fill up and block the child.
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (Exception e) {
                errText.completeExceptionally(e);
            }
        });
        String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        return new Outcome(p.exitValue(), outText, errText.get(60, TimeUnit.SECONDS));
    }

    @Test
    void withoutAProviderAFailureDroppedBeforeExitIsReportedOnStderrAtExit() throws Exception {
        String marker = "dropped-" + UUID.randomUUID();
        Outcome o = runChild("exit", marker);
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.err().contains("ERROR dev.deferred.Deferred - Unhandled error in Deferred: Deferred@"), o.err());
        assertTrue(o.err().contains("held a failure nobody handled when the JVM exited"), o.err());
        assertTrue(o.err().contains("java.io.IOException: " + marker), o.err());
        assertTrue(o.err().contains("at dev.deferred.DropAndExitMain.drop("), "full stack: " + o.err());
        assertEquals(1, count(o.err(), marker), "reported once: " + o.err());
    }

    @Test
    void withoutAProviderAFailureFoundByACollectionIsReportedOnStderrOnce() throws Exception {
        String marker = "collected-" + UUID.randomUUID();
        Outcome o = runChild("gc", marker);
        assertEquals(0, o.exit(), o.err());
        assertEquals("collected", o.out().strip());
        assertTrue(o.err().contains("Unhandled error in Deferred: Deferred@"), o.err());
        assertFalse(o.err().contains("when the JVM exited"), "reported by the collection, not again at exit: " + o.err());
        assertTrue(o.err().contains("at dev.deferred.DropAndExitMain.drop("), o.err());
        assertEquals(1, count(o.err(), marker), o.err());
    }

    @Test
    void theExitReportCanBeTurnedOff() throws Exception {
        String marker = "quiet-" + UUID.randomUUID();
        Outcome o = runChild("exit", marker, "-D" + UnhandledErrors.REPORT_AT_EXIT + "=false");
        assertEquals(0, o.exit(), o.err());
        assertFalse(o.err().contains(marker), o.err());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
