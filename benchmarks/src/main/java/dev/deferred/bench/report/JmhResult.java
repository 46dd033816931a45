package dev.deferred.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of JMH's JSON output, named the way the report groups it.
 *
 * <p>Naming convention of the suite: a benchmark class is a <em>case</em> ({@code Chain3Benchmark}
 * → {@code Chain3}); a method is an <em>implementation</em>, optionally followed by a
 * <em>variant</em> ({@code deferred}, {@code completableFuture}, {@code deferred_pending},
 * {@code guava_pending}). Rows of the same case, variant and parameters are compared; the
 * implementation {@code deferred} is ours, every other one a peer.
 *
 * <p>Rows of a peer outside the JVM (the Twisted harness, {@code benchmarks/python}) have the same
 * shape as JMH's, named as if they were methods of the Java case ({@code
 * dev.deferred.bench.Chain3Benchmark.twisted}, {@code InlineCallbacksBenchmark.twisted_pending}),
 * and carry {@code "peer": "twisted"}; that field names their implementation.
 *
 * @param caseName the benchmark class without "Benchmark"
 * @param impl the implementation (method name up to the first underscore)
 * @param variant what follows the underscore, or empty
 * @param params JMH parameters as {@code k=v} text, or empty
 * @param mode JMH mode ({@code thrpt}, {@code avgt}, ...)
 * @param score the primary score
 * @param error the primary score's error (99.9%)
 * @param unit the primary score's unit
 * @param bytesPerOp {@code gc.alloc.rate.norm} when run with {@code -prof gc}, else NaN
 * @param jvm the JDK description of the run (for a peer outside JMH: its interpreter and iterations)
 */
record JmhResult(String caseName, String impl, String variant, String params, String mode,
                 double score, double error, String unit, double bytesPerOp, String jvm) {

    static final String OURS = "deferred";

    /** The peer measured by the Python harness in the same run (its rows say {@code "peer": "twisted"}). */
    static final String TWISTED = "twisted";

    /** Older method names without an underscore: a known implementation prefix is split off. */
    private static final String[] KNOWN_IMPLS = {"deferredBuffer", "deferred", "completableFuture", "guava", "nettyEpoll", "netty", "vavr",
        "scheduledThreadPool", "twisted"};

    static List<JmhResult> read(Path json) throws IOException {
        JsonArray rows = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        List<JmhResult> out = new ArrayList<>();
        for (JsonElement e : rows) {
            JsonObject row = e.getAsJsonObject();
            String full = row.get("benchmark").getAsString();
            String[] parts = full.split("\\.");
            String cls = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            String caseName = cls.endsWith("Benchmark") ? cls.substring(0, cls.length() - "Benchmark".length()) : cls;
            String[] implVariant = splitMethod(method);
            String vm = row.get("vmName").getAsString() + " " + row.get("vmVersion").getAsString();
            if (row.has("peer")) {
                // A harness outside JMH: its iterations are its own, so the report says what they were.
                implVariant[0] = row.get("peer").getAsString();
                if (row.has("measurementIterations")) {
                    vm += "; " + row.get("warmupIterations").getAsInt() + "×" + row.get("warmupTime").getAsString()
                            + " warmup, " + row.get("measurementIterations").getAsInt() + "×"
                            + row.get("measurementTime").getAsString() + " measured";
                }
            }
            JsonObject primary = row.getAsJsonObject("primaryMetric");
            double bytes = Double.NaN;
            JsonObject secondary = row.getAsJsonObject("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                bytes = secondary.getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble();
            }
            out.add(new JmhResult(caseName, implVariant[0], implVariant[1], params(row), row.get("mode").getAsString(),
                    number(primary.get("score")), number(primary.get("scoreError")), primary.get("scoreUnit").getAsString(),
                    bytes, vm));
        }
        return out;
    }

    /**
     * Merges the result files of a new run (JMH's, and the Twisted harness's when it ran) into the
     * kept raw file: every benchmark class present in the new run replaces that class's rows, its
     * peers' included, so a case never pairs rows of different runs; other classes' rows stay.
     * Returns the case names kept from earlier runs.
     */
    static List<String> merge(List<Path> fresh, Path kept) throws IOException {
        // Grouped by class in order of first appearance, so a Twisted row follows its case's JMH rows.
        Map<String, JsonArray> byClass = new java.util.LinkedHashMap<>();
        for (Path file : fresh) {
            for (JsonElement e : JsonParser.parseString(Files.readString(file)).getAsJsonArray()) {
                byClass.computeIfAbsent(className(e), k -> new JsonArray()).add(e);
            }
        }
        JsonArray rows = new JsonArray();
        byClass.values().forEach(rows::addAll);
        java.util.Set<String> freshClasses = new java.util.TreeSet<>();
        for (JsonElement e : rows) {
            freshClasses.add(className(e));
        }
        java.util.Set<String> keptCases = new java.util.TreeSet<>();
        JsonArray merged = new JsonArray();
        if (Files.exists(kept)) {
            for (JsonElement e : JsonParser.parseString(Files.readString(kept)).getAsJsonArray()) {
                if (!freshClasses.contains(className(e))) {
                    merged.add(e);
                    String cls = className(e);
                    keptCases.add(cls.substring(cls.lastIndexOf('.') + 1).replace("Benchmark", ""));
                }
            }
        }
        merged.addAll(rows);
        Files.writeString(kept, new com.google.gson.GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(merged));
        return new ArrayList<>(keptCases);
    }

    private static String className(JsonElement row) {
        String full = row.getAsJsonObject().get("benchmark").getAsString();
        return full.substring(0, full.lastIndexOf('.'));
    }

    static String[] splitMethod(String method) {
        int u = method.indexOf('_');
        if (u > 0) {
            return new String[] {method.substring(0, u), method.substring(u + 1)};
        }
        for (String impl : KNOWN_IMPLS) {
            if (method.equals(impl)) {
                return new String[] {method, ""};
            }
            if (method.startsWith(impl) && method.length() > impl.length()
                    && Character.isUpperCase(method.charAt(impl.length()))) {
                String rest = method.substring(impl.length());
                return new String[] {impl, Character.toLowerCase(rest.charAt(0)) + rest.substring(1)};
            }
        }
        return new String[] {method, ""};
    }

    private static String params(JsonObject row) {
        if (!row.has("params")) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        row.getAsJsonObject("params").entrySet().forEach(p -> sorted.put(p.getKey(), p.getValue().getAsString()));
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    private static double number(JsonElement e) {
        // JMH writes "NaN" as a string when a score has no error estimate.
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }

    /** The case, variant and parameters: rows with the same key are compared with each other. */
    String groupKey() {
        return caseName + "|" + variant + "|" + params;
    }

    /** "Chain3", "Memory / pendingOneCallback", "Gather (n=1000)". */
    String title() {
        String t = variant.isEmpty() ? caseName : caseName + " / " + variant;
        return params.isEmpty() ? t : t + " (" + params + ")";
    }

    /**
     * The score as operations per second, whatever the mode and unit ({@code ops/us}, {@code ns/op},
     * ...), so rows reported in different units still compare; NaN for a unit that is not a rate
     * or a time per op.
     */
    double opsPerSecond() {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            return Double.NaN;
        }
        if (parts[0].equals("ops")) {
            return score / seconds(parts[1]);
        }
        if (parts[1].equals("op")) {
            return 1 / (score * seconds(parts[0]));
        }
        return Double.NaN;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> Double.NaN;
        };
    }

    /** True for a row of a peer, false for one of ours (deferred, or one of its mechanisms in a case without a deferred row). */
    boolean isPeer() {
        for (String impl : KNOWN_IMPLS) {
            if (!impl.startsWith(OURS) && impl.equals(this.impl)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for one of our own implementations of a case: {@code deferred}, or a second way of ours
     * to do the same work beside it ({@code deferredBuffer}: the zero-copy receive path).
     */
    boolean isOurs() {
        return impl.startsWith(OURS);
    }
}
