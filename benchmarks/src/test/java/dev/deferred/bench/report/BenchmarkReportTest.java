package dev.deferred.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report merges the Twisted harness's rows with JMH's and sets them beside the Java peers. */
class BenchmarkReportTest {
    private static final String JVM = "OpenJDK 64-Bit Server VM";
    private static final String PYTHON = "CPython";

    @TempDir
    Path dir;

    @Test
    void wovenRowsOfACaseStandBesideItsTwistedRow() throws IOException {
        Path jmh = write("jmh.json", jmhRow("InlineCallbacksBenchmark.virtualThreadPending", 1_000_000, "ops/s"),
                jmhRow("WovenInlineCallbacksBenchmark.wovenPending", 9_000_000, "ops/s"),
                jmhRow("WovenInlineCallbacksBenchmark.wovenFired", 50_000_000, "ops/s"));
        Path twisted = write("twisted.json", twistedRow("InlineCallbacksBenchmark.twisted_pending", 500_000, "ops/s", ""),
                twistedRow("InlineCallbacksBenchmark.twisted_fired", 600_000, "ops/s", ""));

        String md = report(jmh, "scripts/bench.sh quick", twisted);

        assertTrue(md.contains("| WovenInlineCallbacks · wovenPending | 9000000 ops/s | twisted | 500000 ops/s | **18.00×**"), md);
        assertTrue(md.contains("| InlineCallbacks · virtualThreadPending | 1000000 ops/s | twisted | 500000 ops/s | **2.00×**"), md);
        assertTrue(md.contains("| WovenInlineCallbacks · wovenFired | 50000000 ops/s | twisted | 600000 ops/s"), md);
    }

    @Test
    void eachOfOurWaysOfACaseStandsBesideEachPeerAndNotBesideTheOther() throws IOException {
        Path jmh = write("jmh.json", jmhRow("EchoBenchmark.deferred", 100, "ops/s"),
                jmhRow("EchoBenchmark.deferredBuffer", 300, "ops/s"),
                jmhRow("EchoBenchmark.netty", 200, "ops/s"), jmhRow("EchoBenchmark.nettyEpoll", 250, "ops/s"));

        String md = report(jmh, "scripts/bench.sh quick");

        List<String> echo = md.lines().filter(l -> l.startsWith("| Echo") && l.contains("×")).toList();
        assertEquals(4, echo.size(), md);
        assertTrue(md.contains("| Echo | 100 ops/s | netty | 200 ops/s | **0.50×**"), md);
        assertTrue(md.contains("| Echo | 100 ops/s | nettyEpoll | 250 ops/s | **0.40×**"), md);
        assertTrue(md.contains("| Echo · deferredBuffer | 300 ops/s | netty | 200 ops/s | **1.50×**"), md);
        assertTrue(md.contains("| Echo · deferredBuffer | 300 ops/s | nettyEpoll | 250 ops/s | **1.20×**"), md);
    }

    @Test
    void nettyEpollIsItsOwnPeerNotAVariantOfNetty() {
        assertEquals(List.of("nettyEpoll", ""), List.of(JmhResult.splitMethod("nettyEpoll")));
        assertEquals(List.of("netty", "nio"), List.of(JmhResult.splitMethod("nettyNio")));
        assertEquals(List.of("deferred", "pending"), List.of(JmhResult.splitMethod("deferredPending")));
    }

    @Test
    void twistedRowStandsBesideTheJavaPeersOfItsCaseWithOursDividedByTwisted() throws IOException {
        Path jmh = write("jmh.json", jmhRow("Chain3Benchmark.deferred", 15.0, "ops/us"),
                jmhRow("Chain3Benchmark.completableFuture", 10.0, "ops/us"));
        Path twisted = write("twisted.json", twistedRow("Chain3Benchmark.twisted", 0.4, "ops/us", ""));

        String md = report(jmh, "scripts/bench.sh quick", twisted);

        List<String> chain3 = md.lines().filter(l -> l.startsWith("| Chain3 |")).toList();
        assertEquals(2, chain3.size(), md);
        assertTrue(chain3.get(0).contains("| completableFuture | 10.000 ops/us | **1.50×**"), chain3.get(0));
        assertTrue(chain3.get(1).contains("| twisted | 0.400 ops/us | **37.50×**"), chain3.get(1));
        assertTrue(md.contains("- JDK: " + JVM + " 25"), md);
        assertTrue(md.contains("- Twisted peer: " + PYTHON + " 3.11.2, Twisted 22.4.0, EPollReactor; 1×1 s warmup, 5×600 ms measured\n"), md);
        assertTrue(md.contains("| Chain3 · twisted | thrpt | 0.400 |"), md);
        assertTrue(Files.readString(dir.resolve("docs/benchmarks.svg")).contains(">Chain3 vs twisted<"));
    }

    @Test
    void aRunWithoutTwistedKeepsNoStaleTwistedRowForTheCasesItRan() throws IOException {
        Path jmh = write("jmh.json", jmhRow("Chain3Benchmark.deferred", 15.0, "ops/us"),
                jmhRow("GatherBenchmark.deferred", 20.0, "ops/us"));
        Path twisted = write("twisted.json", twistedRow("Chain3Benchmark.twisted", 0.4, "ops/us", ""),
                twistedRow("GatherBenchmark.twisted", 0.2, "ops/us", ""));
        report(jmh, "first", twisted);

        Path chain3Only = write("jmh2.json", jmhRow("Chain3Benchmark.deferred", 16.0, "ops/us"));
        String md = report(chain3Only, "second");

        assertFalse(md.lines().anyMatch(l -> l.startsWith("| Chain3 |")), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| Gather |") && l.contains("| twisted |")), md);
        assertTrue(md.contains("kept from earlier runs: Gather"), md);
        List<JmhResult> kept = JmhResult.read(dir.resolve("docs/benchmarks.json"));
        assertEquals(List.of("Chain3 deferred", "Gather deferred", "Gather twisted"),
                kept.stream().map(r -> r.caseName() + " " + r.impl()).sorted().toList());
    }

    @Test
    void eachTwistedRowIsListedWithItsCaseRows() throws IOException {
        Path jmh = write("jmh.json", jmhRow("Chain3Benchmark.deferred", 15.0, "ops/us"),
                jmhRow("GatherBenchmark.deferred", 20.0, "ops/us"));
        Path twisted = write("twisted.json", twistedRow("Chain3Benchmark.twisted", 0.4, "ops/us", ""));
        Path raw = dir.resolve("raw.json");

        JmhResult.merge(List.of(jmh, twisted), raw);

        assertEquals(List.of("Chain3 deferred", "Chain3 twisted", "Gather deferred"),
                JmhResult.read(raw).stream().map(r -> r.caseName() + " " + r.impl()).toList());
    }

    @Test
    void twistedAwaitsStandBesideEachOfOurAwaitMechanismsOfTheSameWork() throws IOException {
        Path jmh = write("jmh.json", jmhRow("InlineCallbacksBenchmark.continuationPending", 5e6, "ops/s"),
                jmhRow("InlineCallbacksBenchmark.virtualThreadPending", 2e6, "ops/s"),
                jmhRow("InlineCallbacksBenchmark.virtualThreadPendingFiredFromVirtualThread", 1e6, "ops/s"),
                jmhRow("InlineCallbacksBenchmark.continuationFired", 6e7, "ops/s"),
                jmhRow("InlineCallbacksBenchmark.baselinePendingAddBoth", 3e7, "ops/s"));
        Path twisted = write("twisted.json", twistedRow("InlineCallbacksBenchmark.twisted_pending", 4e5, "ops/s", ""),
                twistedRow("InlineCallbacksBenchmark.twisted_fired", 3e5, "ops/s", ""));
        Path raw = dir.resolve("raw.json");
        JmhResult.merge(List.of(jmh, twisted), raw);

        String pairs = BenchmarkReport.compare(JmhResult.read(raw)).stream()
                .map(c -> c.label() + " vs " + c.peer().impl() + " " + c.peer().variant()
                        + String.format(Locale.ROOT, " %.1f", c.ratio()))
                .collect(Collectors.joining("\n"));

        assertEquals("""
                InlineCallbacks · continuationPending vs twisted pending 12.5
                InlineCallbacks · virtualThreadPending vs twisted pending 5.0
                InlineCallbacks · virtualThreadPendingFiredFromVirtualThread vs twisted pending 2.5
                InlineCallbacks · continuationFired vs twisted fired 200.0""", pairs);
        String longest = "InlineCallbacks · virtualThreadPendingFiredFromVirtualThread vs twisted";
        java.util.regex.Matcher label = java.util.regex.Pattern.compile("<text x=\"(\\d+)\"[^>]*>" + longest + "<")
                .matcher(RatioChart.svg(BenchmarkReport.compare(JmhResult.read(raw))));
        assertTrue(label.find(), "the chart has a bar for " + longest);
        assertTrue(Integer.parseInt(label.group(1)) >= longest.length() * 6, "the label ends far enough right to fit");
    }

    @Test
    void ratioComparesRatesWhateverUnitEachSideReportsIn() throws IOException {
        Path jmh = write("jmh.json", jmhRow("EchoBenchmark.deferred", 2.0, "ops/us", "\"connections\": \"1\""),
                jmhRow("EchoBenchmark.deferred", 1.0, "ops/us", "\"connections\": \"100\""),
                avgtRow("MemoryLikeBenchmark.deferred", 10.0), avgtRow("MemoryLikeBenchmark.completableFuture", 20.0));
        Path twisted = write("twisted.json", twistedRow("EchoBenchmark.twisted", 400_000, "ops/s", "\"connections\": \"1\""));
        Path raw = dir.resolve("raw.json");
        JmhResult.merge(List.of(jmh, twisted), raw);

        List<BenchmarkReport.Comparison> cs = BenchmarkReport.compare(JmhResult.read(raw));

        assertEquals(2, cs.size(), cs::toString);
        assertEquals("Echo (connections=1)", cs.get(0).label());
        assertEquals(5.0, cs.get(0).ratio(), 1e-9);
        assertEquals(2.0, cs.get(1).ratio(), 1e-9, "time per op: half the time is twice as fast");
    }

    private String report(Path jmh, String how, Path... more) throws IOException {
        String[] args = new String[3 + more.length];
        args[0] = jmh.toString();
        args[1] = dir.resolve("docs").toString();
        args[2] = how;
        for (int i = 0; i < more.length; i++) {
            args[3 + i] = more[i].toString();
        }
        BenchmarkReport.main(args);
        return Files.readString(dir.resolve("docs/benchmarks.md"));
    }

    private Path write(String name, String... rows) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "[" + String.join(",", rows) + "]");
        return p;
    }

    private static String jmhRow(String method, double score, String unit) {
        return jmhRow(method, score, unit, "");
    }

    private static String jmhRow(String method, double score, String unit, String params) {
        return row(method, "thrpt", score, unit, params, JVM, "25", "");
    }

    private static String avgtRow(String method, double score) {
        return row(method, "avgt", score, "ns/op", "", JVM, "25", "");
    }

    private static String twistedRow(String method, double score, String unit, String params) {
        return row(method, "thrpt", score, unit, params, PYTHON, "3.11.2, Twisted 22.4.0, EPollReactor",
                "\"peer\": \"twisted\", \"warmupIterations\": 1, \"warmupTime\": \"1 s\", \"measurementIterations\": 5, "
                + "\"measurementTime\": \"600 ms\",");
    }

    private static String row(String method, String mode, double score, String unit, String params,
                              String vm, String version, String extra) {
        return String.format(Locale.ROOT, """
                {"benchmark": "dev.deferred.bench.%s", "mode": "%s", %s "vmName": "%s", "vmVersion": "%s",
                 %s "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "%s"}}""",
                method, mode, extra, vm, version, params.isEmpty() ? "" : "\"params\": {" + params + "},",
                score, unit);
    }
}
