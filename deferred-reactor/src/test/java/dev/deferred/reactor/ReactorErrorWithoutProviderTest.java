package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reactor's own error reports reach stderr, with the full stack, in a program that has no
 * slf4j provider: run as a real child JVM whose class path is the core, the reactor, vavr and
 * slf4j-api (this module's test class path has logback).
 */
class ReactorErrorWithoutProviderTest {

    @Test
    void anExceptionInACallFromThreadCallIsReportedOnStderr() throws Exception {
        String marker = "reactor-error-" + UUID.randomUUID();
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(Deferred.class, SelectReactor.class, ReactorErrorWithoutProviderMain.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("vavr") || name.startsWith("slf4j-api")) {
                cp.add(entry);
            }
        }
        assertTrue(cp.stream().noneMatch(e -> e.contains("logback")), cp.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, cp),
                ReactorErrorWithoutProviderMain.class.getName(), marker).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        String stderr = err.get(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("stopped", out.strip(), stderr);
        assertTrue(stderr.contains("ERROR dev.deferred.reactor.SelectReactor - Unhandled exception in reactor callFromThread"), stderr);
        assertTrue(stderr.contains("java.lang.IllegalStateException: " + marker), stderr);
        assertTrue(stderr.contains("at dev.deferred.reactor.ReactorErrorWithoutProviderMain.fail("), "full stack: " + stderr);
    }
}
