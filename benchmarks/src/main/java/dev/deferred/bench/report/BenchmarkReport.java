package dev.deferred.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into {@code docs/benchmarks.md} and {@code docs/benchmarks.svg}:
 * a table of every case with each peer's score and our ratio to it, and a bar chart of the
 * ratios. The numbers come only from the JSON: the report is never edited by hand.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.deferred.bench.report.BenchmarkReport
 * <jmh-result.json> <docs-dir> <mode-description> [more-result.json...]}: the extra files are
 * rows of the same run from outside JMH, today the Twisted harness's ({@code
 * benchmarks/python/twisted_bench.py}), which the report puts beside the Java peers of each case.
 *
 * <p>The raw rows are kept in {@code docs/benchmarks.json}. A run of only some cases (a regex)
 * replaces those cases' rows there and keeps the others, so a case's rows (ours and its peers)
 * always come from one run, and the report always covers the whole suite.
 */
public final class BenchmarkReport {
    private BenchmarkReport() {}

    /**
     * Writes the report.
     *
     * @param args the JSON file, the output directory, and a one-line description of how it ran
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BenchmarkReport <jmh-result.json> <docs-dir> [how it was run] [more-result.json...]");
            System.exit(2);
        }
        Path docs = Path.of(args[1]);
        Files.createDirectories(docs);
        Path raw = docs.resolve("benchmarks.json");
        List<Path> fresh = new ArrayList<>();
        fresh.add(Path.of(args[0]));
        for (int i = 3; i < args.length; i++) {
            fresh.add(Path.of(args[i]));
        }
        List<String> kept = JmhResult.merge(fresh, raw);
        List<JmhResult> results = JmhResult.read(raw);
        if (results.isEmpty()) {
            System.err.println("no benchmark results in " + args[0]);
            System.exit(1);
        }
        String how = args.length > 2 ? args[2] : "";
        if (!kept.isEmpty()) {
            how += "; kept from earlier runs: " + String.join(", ", kept);
        }
        List<Comparison> comparisons = compare(results);
        Files.writeString(docs.resolve("benchmarks.svg"), RatioChart.svg(comparisons));
        Files.writeString(docs.resolve("benchmarks.md"), markdown(results, comparisons, how));
        System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.svg")
                + " (" + results.size() + " rows, " + comparisons.size() + " comparisons)");
    }

    /** Our result beside one peer's, in one case. */
    record Comparison(JmhResult ours, JmhResult peer) {
        /**
         * How many times better ours is: above 1 means deferred wins. The Memory case compares
         * bytes per op (its time is only the cost of allocating), every other case its score,
         * as operations per second (the two rows may use different units).
         */
        double ratio() {
            if (ours.caseName().equals("Memory")) {
                return peer.bytesPerOp() / ours.bytesPerOp();
            }
            return ours.opsPerSecond() / peer.opsPerSecond();
        }

        /** The case's title, and which of our implementations it is when that is not plain {@code deferred}. */
        String label() {
            return ours.impl().equals(JmhResult.OURS) ? ours.title() : ours.title() + " · " + ours.impl();
        }
    }

    static List<Comparison> compare(List<JmhResult> results) {
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        for (JmhResult r : results) {
            groups.computeIfAbsent(r.groupKey(), k -> new ArrayList<>()).add(r);
        }
        List<Comparison> out = new ArrayList<>();
        for (List<JmhResult> group : groups.values()) {
            List<JmhResult> oursRows = group.stream().filter(JmhResult::isOurs).toList();
            if (oursRows.isEmpty()) {
                for (JmhResult twisted : group) {
                    if (twisted.impl().equals(JmhResult.TWISTED)) {
                        for (JmhResult mechanism : ourMechanisms(results, twisted)) {
                            out.add(new Comparison(mechanism, twisted));
                        }
                    }
                }
                continue;
            }
            for (JmhResult ours : oursRows) {
                for (JmhResult peer : group) {
                    if (!peer.isOurs()) {
                        out.add(new Comparison(ours, peer));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Our rows a Twisted row of a case without a {@code deferred} row stands beside: the case's
     * mechanisms doing the same work. InlineCallbacks measures each await mechanism as its own
     * method ({@code continuationPending}, {@code virtualThreadPending}, ...), so {@code
     * twisted_pending} pairs with every method of the case and parameters whose name mentions
     * "pending" before any other Twisted variant of the case ({@code
     * virtualThreadPendingFiredFromVirtualThread} is a pending await), except peers and the
     * {@code baseline*} floors (plain callbacks, no await). A case {@code Woven<Case>} is the same
     * work on classes deferred-weaver wove (a benchmark class of its own, since weaving is per
     * class), so its rows stand beside {@code <Case>}'s Twisted rows too.
     */
    private static List<JmhResult> ourMechanisms(List<JmhResult> results, JmhResult twisted) {
        List<String> works = results.stream()
                .filter(r -> r.impl().equals(JmhResult.TWISTED) && r.caseName().equals(twisted.caseName()))
                .map(r -> r.variant().toLowerCase(Locale.ROOT)).distinct().toList();
        List<JmhResult> out = new ArrayList<>();
        for (JmhResult r : results) {
            if (!sameWork(r.caseName(), twisted.caseName()) || !r.params().equals(twisted.params()) || r.isPeer()
                    || r.impl().startsWith("baseline")) {
                continue;
            }
            String method = (r.impl() + r.variant()).toLowerCase(Locale.ROOT);
            String first = null;
            for (String work : works) {
                int at = method.indexOf(work);
                if (at >= 0 && (first == null || at < method.indexOf(first))) {
                    first = work;
                }
            }
            if (twisted.variant().toLowerCase(Locale.ROOT).equals(first)) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean sameWork(String caseName, String twistedCase) {
        return caseName.equals(twistedCase) || caseName.equals("Woven" + twistedCase);
    }

    private static String markdown(List<JmhResult> results, List<Comparison> comparisons, String how) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Generated by `scripts/bench.sh` from JMH's JSON output on ")
                .append(LocalDate.now(ZoneOffset.UTC)).append(". Do not edit by hand: run the script again.\n\n");
        b.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(cpuModel()).append(", ").append(memory()).append("\n");
        b.append("- JDK: ").append(results.stream().filter(r -> !r.impl().equals(JmhResult.TWISTED))
                .findFirst().orElse(results.get(0)).jvm()).append("\n");
        String twisted = results.stream().filter(r -> r.impl().equals(JmhResult.TWISTED))
                .map(JmhResult::jvm).distinct().reduce((x, y) -> x + "; " + y).orElse("");
        if (!twisted.isEmpty()) {
            b.append("- Twisted peer: ").append(twisted).append("\n");
        }
        if (!how.isEmpty()) {
            b.append("- Run: ").append(how).append("\n");
        }
        b.append("\nThe ratio is deferred's result divided by the peer's, turned so that **above 1.0× means deferred "
                + "is faster** (for time-per-op modes the times are divided the other way). In the Memory case the ratio compares bytes allocated per op instead. The error column is JMH's "
                + "99.9% confidence half-width. This is a shared, noisy 2-core machine: trust ratios measured in the "
                + "same run, not absolute numbers. The raw JMH rows are in [benchmarks.json](benchmarks.json).\n\n");
        if (!twisted.isEmpty()) {
            b.append(TWISTED_NOTE);
        }
        b.append("![ratio of deferred to each peer](benchmarks.svg)\n\n");
        b.append("| case | deferred | peer | peer score | ratio | deferred B/op | peer B/op |\n");
        b.append("|---|---:|---|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            b.append("| ").append(c.label())
                    .append(" | ").append(score(c.ours()))
                    .append(" | ").append(c.peer().impl())
                    .append(" | ").append(score(c.peer()))
                    .append(" | **").append(String.format(Locale.ROOT, "%.2f×", c.ratio())).append("**")
                    .append(" | ").append(bytes(c.ours()))
                    .append(" | ").append(bytes(c.peer())).append(" |\n");
        }
        b.append(CORE_NOTE);
        b.append("\n## Every row\n\n| benchmark | mode | score | error | unit | B/op |\n|---|---|---:|---:|---|---:|\n");
        for (JmhResult r : results) {
            b.append("| ").append(r.title()).append(" · ").append(r.impl())
                    .append(" | ").append(r.mode())
                    .append(" | ").append(fmt(r.score()))
                    .append(" | ").append(fmt(r.error()))
                    .append(" | ").append(r.unit())
                    .append(" | ").append(bytes(r)).append(" |\n");
        }
        b.append("\n## Reproduce\n\n```\nscripts/bench.sh quick     # a few minutes\nscripts/bench.sh full      "
                + "# the numbers above\nscripts/bench.sh full Chain3   # only benchmarks matching a regex\n"
                + "scripts/bench-ceiling.sh   # the core rows without atomics: docs/benchmarks-ceiling.md\n```\n");
        return b.toString();
    }

    /**
     * What a core row costs and why it cannot shed its atomics: written once here, since the report
     * is generated. The counts follow the lock protocol in deferred's Chain; keep them in step.
     */
    private static final String CORE_NOTE = """

            ## What the core rows are made of

            A Deferred may be fired, extended and cancelled from any thread, so every call on a Deferred \
            that another thread could hold passes through its lock once: one CAS and one release store. \
            Most of a core row's time is those atomic instructions (a CAS also waits for the stores before \
            it, such as the new objects' fields, to drain):

            - Chain3: 5, the three adds, the fire, and the owner letting go with the result;
            - FiredThenAdd: 6, two per add (take the fired, idle Deferred; store the new result and \
            let go), none in `succeed`;
            - ErrorRecover: 5, as Chain3;
            - NestedPending: 6, the add, the fire, the inner Deferred taking the hand-off, the outer \
            one marked waiting, the inner fire, the hand-over;
            - Gather: 3 per input, the slot added, the input fired, and the combinator's countdown \
            (its own counter, not a lock: the ceiling copy below keeps it);
            - DeepChain: 4 per link, the add, the hand-off taken, the link marked waiting, the result \
            handed over.

            These are the fewest the contract allows: an add must be atomic against a fire on another \
            thread, and the thread that runs a chain must let go of it atomically against adds that \
            arrive meanwhile. The one way to take fewer is a single-owner path that skips the atomics \
            while no other thread holds the Deferred, and that is sound only where the library knows no \
            other thread can: user code publishes a Deferred (a field, a queue, a lambda) without the \
            library seeing it, and detecting another thread's arrival would need a StoreLoad fence on the \
            owner's every call, which costs what the CAS does (Java has no asymmetric fence). The windows \
            the library does know are used: `Deferred.succeed` and `fail` store their result with plain \
            writes before they return the Deferred. `scripts/bench-ceiling.sh` measures what skipping \
            every lock atomic would buy on each row, with a copy of the library that does so (not \
            thread-safe, never shipped): [benchmarks-ceiling.md](benchmarks-ceiling.md).
            """;

    /** How the Twisted rows are made: written once here, since the report is generated. */
    private static final String TWISTED_NOTE = "The **twisted** rows come from `benchmarks/python/twisted_bench.py`, "
            + "which `scripts/bench.sh` runs right after JMH, in the same run, when `/usr/bin/python3` (or the `python3` "
            + "on the path) can import Twisted (Debian: `python3-twisted`); otherwise it prints why and the report keeps "
            + "no Twisted rows for the cases it ran. Each case is the Java benchmark's shape op for op, in its unit "
            + "(Chain3: new Deferred, three `x + 1` callbacks, fire; Gather and DeepChain per input and per link; "
            + "InlineCallbacks: an `@inlineCallbacks` generator that `yield`s 1,000 Deferreds, per await, beside each "
            + "of our await mechanisms; Echo and RoundTrip over loopback TCP with clients and server on one epoll "
            + "reactor in the harness's process, as the Java side runs them on one loop). The harness times its own "
            + "iterations and reports JMH's error, the 99.9% Student-t half-width; it has no allocation profile "
            + "(B/op –). Ratios against Twisted divide deferred's rate by Twisted's, like every other ratio here. The "
            + "interpreter, Twisted version, reactor and the harness's iterations are on the *Twisted peer* line "
            + "above.\n\n";

    private static String score(JmhResult r) {
        return fmt(r.score()) + " " + r.unit();
    }

    private static String bytes(JmhResult r) {
        return Double.isNaN(r.bytesPerOp()) ? "–" : String.format(Locale.ROOT, "%.0f", r.bytesPerOp());
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the core count alone will do.
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        return "unknown memory";
    }
}
