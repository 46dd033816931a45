package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * The heart: for every generated program, the real Deferred does what the reference
 * {@link Model} says: the same callbacks run, with the same arguments, in the same order; the
 * same statements throw; every Deferred ends in the same state.
 */
@AddLifecycleHook(ScaledTries.class)
class ChainModelProperties {

    @Property(tries = 5000)
    void implementationFollowsTheModel(@ForAll("programs") Program program) {
        List<String> expected = Model.trace(program);
        List<String> actual = Runner.trace(program);
        assertEquals(String.join("\n", expected), String.join("\n", actual), "trace of" + program);
        String all = String.join("\n", expected);
        Statistics.label("callbacks run").collect(bucket(expected.stream().filter(l -> l.matches("s\\d+e?\\(.*")).count()));
        Statistics.label("waited on a nested Deferred").collect(all.contains("waiting on") || program.toString().contains("return n"));
        Statistics.label("statement threw").collect(all.contains("! "));
        Statistics.label("timed out").collect(all.contains("TimeoutException"));
        String root = expected.stream().filter(l -> l.startsWith("d0: ")).findFirst().orElseThrow().substring(4);
        Statistics.label("root ends").collect(root.startsWith("pending") || root.startsWith("waiting") || root.startsWith("paused")
                ? root.replaceAll(" on n\\d", "") : root.matches("[a-zA-Z]+Exception|Boom:.*|Bang:.*") ? "failed" : "with a value");
    }

    static String bucket(long n) {
        return n == 0 ? "0" : n <= 2 ? "1-2" : n <= 5 ? "3-5" : n <= 10 ? "6-10" : ">10";
    }

    @Provide
    Arbitrary<Program> programs() {
        return Programs.programs(30);
    }
}
