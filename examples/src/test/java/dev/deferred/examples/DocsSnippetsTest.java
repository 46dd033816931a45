package dev.deferred.examples;

import static dev.deferred.testing.DeferredAssertions.failureResultOf;
import static dev.deferred.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.deferred.Deferred;
import dev.deferred.examples.snippets.ContextSnippets;
import dev.deferred.examples.snippets.JavaGuideSnippets;
import dev.deferred.examples.snippets.NetworkingSnippets;
import dev.deferred.examples.snippets.ReadmeSnippets;
import dev.deferred.examples.snippets.ThreadingSnippets;
import dev.deferred.examples.snippets.TwistedGuideSnippets;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.SelectReactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs cannot rot: every {@code ```java} block in README.md and docs/*.md must be a snippet
 * region of the compiled sources in {@code dev.deferred.examples.snippets} (verbatim, up to
 * indentation; its import lines must be imports of that source file), every region must be used by
 * some doc, and the snippets run here with their results checked. See the snippets'
 * {@code package-info.java} for why the samples live in code and are compared, not generated.
 */
class DocsSnippetsTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final Path SNIPPETS = MODULE.resolve("src/main/java/dev/deferred/examples/snippets");

    /** A region of a source file, and the imports of that file. */
    private record Region(String name, Path file, List<String> lines, Set<String> imports) {
    }

    /** A java block of a markdown file. */
    private record Block(Path doc, int line, List<String> imports, List<String> code) {
    }

    @Test
    void everyJavaBlockOfTheDocsIsCompiledCode() throws IOException {
        Map<String, Region> regions = regions();
        List<Block> blocks = new ArrayList<>();
        List<Path> docs = docs();
        for (Path doc : docs) {
            blocks.addAll(blocks(doc));
        }
        assertTrue(docs.contains(ROOT.resolve("README.md")), "README.md not found from " + MODULE);
        assertTrue(blocks.size() >= 10, "expected the README's and guides' samples, found " + blocks.size());

        Set<String> used = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Block b : blocks) {
            Region match = regions.values().stream().filter(r -> r.lines.equals(b.code)).findFirst().orElse(null);
            String where = ROOT.relativize(b.doc) + ":" + b.line;
            if (match == null) {
                problems.add(where + ": this java block is not a snippet region of " + ROOT.relativize(SNIPPETS)
                        + " (copy the region there, or edit both):\n" + String.join("\n", b.code));
                continue;
            }
            used.add(match.name);
            for (String imp : b.imports) {
                if (!match.imports.contains(imp)) {
                    problems.add(where + ": \"" + imp + "\" is not an import of " + match.file.getFileName());
                }
            }
        }
        for (String name : regions.keySet()) {
            if (!used.contains(name)) {
                problems.add("snippet " + name + " is used by no doc; remove it or show it");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    @Test
    void readmeSamplesRun() {
        String printed = capturingStdout(() -> assertEquals(5, successResultOf(ReadmeSnippets.quickstart())));
        assertEquals("5", printed.strip());
        failureResultOf(ReadmeSnippets.cancelAFetch("ada"), CancellationException.class);
        assertEquals("from the mirror", successResultOf(ReadmeSnippets.recover("ada")).name());
    }

    @Test
    void javaGuideSamplesRun() {
        assertEquals(1, successResultOf(JavaGuideSnippets.lanes()));

        JavaGuideSnippets.Connection c1 = new JavaGuideSnippets.Connection();
        assertEquals("hi", successResultOf(JavaGuideSnippets.cleanup(Deferred.succeed("hi"), c1)));
        assertTrue(c1.closed);
        JavaGuideSnippets.Connection c2 = new JavaGuideSnippets.Connection();
        failureResultOf(JavaGuideSnippets.cleanup(Deferred.fail(new IOException("reset")), c2), IOException.class);
        assertTrue(c2.closed);

        assertEquals(4, successResultOf(JavaGuideSnippets.nesting()));
        assertEquals(0, successResultOf(JavaGuideSnippets.recovery("nobody")));
        assertEquals(3, successResultOf(JavaGuideSnippets.recovery("ada")));
        JavaGuideSnippets.Connection c3 = new JavaGuideSnippets.Connection();
        assertEquals("hi", successResultOf(JavaGuideSnippets.asyncCleanup(Deferred.succeed("hi"), c3)));
        assertTrue(c3.closed);
        String observed = capturingStdout(() -> failureResultOf(JavaGuideSnippets.sideEffects(
                Deferred.fail(new IOException("reset"))), IOException.class));
        assertEquals("failed: reset", observed.strip());
        java.util.concurrent.CompletableFuture<Object> timedOut = new java.util.concurrent.CompletableFuture<>();
        JavaGuideSnippets.plainJavaTimeout().onComplete(t -> timedOut.complete(t.get()));
        assertEquals("timed out", timedOut.orTimeout(30, TimeUnit.SECONDS).join());
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            assertEquals("in time", successResultOf(JavaGuideSnippets.executorTimeout(scheduler)));
        } finally {
            scheduler.shutdownNow();
        }
        String printed = capturingStdout(() -> assertEquals("default answer", successResultOf(JavaGuideSnippets.timeout())));
        assertEquals("canceller: giving up", printed.strip());
        assertEquals(8, successResultOf(JavaGuideSnippets.gather()));
        assertEquals(3, successResultOf(JavaGuideSnippets.inline("ada")));
        assertEquals(0, successResultOf(JavaGuideSnippets.inline("nobody")));
        JavaGuideSnippets.testing();
        JavaGuideSnippets.leftovers();
        String debugged = JavaGuideSnippets.debugging();
        assertTrue(debugged.contains("java.lang.NumberFormatException: For input string: \"eighty\""), debugged);
        assertTrue(debugged.contains("Suppressed: Deferred trail (newest first):"), debugged);
        assertTrue(debugged.contains("callback added at dev.deferred.examples.snippets.JavaGuideSnippets.debugging("), debugged);
        assertTrue(debugged.contains(" {pending}\n\tcreated at:\n"), debugged);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void contextSamplesRunOnAReactor() throws Exception {
        List<String> trail = java.util.Collections.synchronizedList(new ArrayList<>());
        SelectReactor reactor = new SelectReactor();
        Thread loop = new Thread(reactor::run, "reactor");
        loop.setDaemon(true);
        loop.start();
        try {
            assertEquals(List.of("req-1 5", "req-2 8"), reactor.blockingCallFromThreadDeferred(
                    () -> ContextSnippets.requestIds(reactor, List.of("hello", "deferred"), trail)));
        } finally {
            reactor.callFromThread(reactor::stop);
            loop.join(10_000);
        }
        List<String> notes;
        synchronized (trail) {
            notes = new ArrayList<>(trail);
        }
        for (String request : List.of("req-1", "req-2")) {
            for (String note : List.of("received (reactor)", "still working (reactor)", "measuring (pool)", "answering (reactor)")) {
                assertTrue(notes.contains(request + " " + note), request + " " + note + " missing from " + notes);
            }
        }
        for (String note : notes) {
            assertTrue(note.startsWith("req-1 ") || note.startsWith("req-2 "), "a note without its request id: " + note);
        }
        assertEquals("req-7 null", ContextSnippets.mdc());
    }

    @Test
    void twistedGuideSamplesRun() {
        assertEquals(0, successResultOf(TwistedGuideSnippets.idioms("http://localhost:1/", new Clock())));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void threadingSamplesRunOnAReactor(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "twelve chars");
        SelectReactor reactor = new SelectReactor();
        Thread loop = new Thread(reactor::run, "reactor");
        loop.setDaemon(true);
        loop.start();
        try {
            assertEquals("forty-two", reactor.blockingCallFromThreadDeferred(() -> ThreadingSnippets.ownThread(reactor)
                    .addCallback(v -> {
                        assertTrue(reactor.isInReactorThread(), "fired on the reactor thread");
                        return v;
                    })));
            assertEquals(12, reactor.<Integer>blockingCallFromThreadDeferred(() -> ThreadingSnippets.pool(reactor, file)));
        } finally {
            reactor.callFromThread(reactor::stop);
            loop.join(10_000);
        }
        assertFalse(loop.isAlive(), "the reactor stopped");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void networkingSamplesEchoThroughAGroup() throws Exception {
        try (dev.deferred.net.tcp.TcpReactorGroup group = new dev.deferred.net.tcp.TcpReactorGroup(2)) {
            int port = NetworkingSnippets.serve(group);
            for (int k = 0; k < 2; k++) { // one connection on each reactor
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    byte[] sent = ("hello " + k).getBytes(StandardCharsets.UTF_8);
                    s.getOutputStream().write(sent);
                    assertEquals(new String(sent, StandardCharsets.UTF_8),
                            new String(s.getInputStream().readNBytes(sent.length), StandardCharsets.UTF_8));
                }
            }
        }
    }

    // ------------------------------------------------------------------ parsing

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static Map<String, Region> regions() throws IOException {
        Map<String, Region> regions = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SNIPPETS)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Set<String> imports = new LinkedHashSet<>();
            for (String l : lines) {
                if (l.startsWith("import ")) {
                    imports.add(l.strip());
                }
            }
            String name = null;
            List<String> body = new ArrayList<>();
            for (String l : lines) {
                String t = l.strip();
                if (t.startsWith("// snippet:")) {
                    name = t.substring("// snippet:".length()).strip();
                    body = new ArrayList<>();
                } else if (t.equals("// end-snippet")) {
                    if (name == null || regions.containsKey(name)) {
                        fail(file + ": end-snippet without a start, or snippet " + name + " defined twice");
                    }
                    regions.put(name, new Region(name, file, dedent(body), imports));
                    name = null;
                } else if (name != null) {
                    body.add(l);
                }
            }
            assertEquals(null, name, file + ": snippet " + name + " has no end-snippet");
        }
        return regions;
    }

    private static List<Block> blocks(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            List<String> body = new ArrayList<>();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                body.add(lines.get(i));
            }
            List<String> code = dedent(body);
            List<String> imports = new ArrayList<>();
            while (!code.isEmpty() && (code.get(0).startsWith("import ") || (code.get(0).isEmpty() && !imports.isEmpty()))) {
                if (!code.get(0).isEmpty()) {
                    imports.add(code.get(0));
                }
                code = code.subList(1, code.size());
            }
            blocks.add(new Block(doc, start, imports, List.copyOf(code)));
        }
        return blocks;
    }

    /** Strips the common indentation, trailing spaces, and blank lines at both ends. */
    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static String capturingStdout(Runnable r) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
