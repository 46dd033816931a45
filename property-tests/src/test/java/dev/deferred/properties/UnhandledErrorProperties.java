package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.UnhandledErrors;
import dev.deferred.UnhandledErrors.UnhandledError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every failure ends handled, handed on (to an outer Deferred, through chainDeferred) or reported
 * as unhandled exactly once: after a program, the Deferreds that the model says hold a failure at
 * rest are reported, once each, with that failure; no other Deferred is. Costly (each try forces
 * garbage collections), hence few tries.
 */
class UnhandledErrorProperties {

    @Property(tries = 40)
    void everyFailureIsHandledHandedOnOrReportedOnce(@ForAll("programs") Program p) throws Exception {
        UnhandledErrors.collect(Duration.ofSeconds(10)); // reports of earlier tries are out of the way
        List<UnhandledError> reports = new CopyOnWriteArrayList<>();
        Map<String, String> names;
        try (AutoCloseable listening = UnhandledErrors.addListener(reports::add)) {
            names = runAndDrop(p);
            assertTrue(UnhandledErrors.collect(Duration.ofSeconds(10)), "garbage collection did not finish in time");
        }
        Map<String, String> expected = new TreeMap<>();
        String[] atRest = Model.failuresAtRest(p);
        for (int i = 0; i < atRest.length; i++) {
            if (atRest[i] != null) {
                expected.put(Program.name(i), atRest[i]);
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (UnhandledError e : reports) {
            String name = names.get(e.deferred());
            if (name != null) {
                String previous = actual.put(name, Trace.render(e.failure()));
                assertEquals(null, previous, name + " was reported twice, in" + p);
            }
        }
        assertEquals(expected, actual, "unhandled failures reported, in" + p);
    }

    /** Runs the program and lets go of every Deferred in it; returns their identities. */
    private static Map<String, String> runAndDrop(Program p) {
        Runner r = new Runner(p);
        r.runOps(p.ops());
        return r.identities();
    }

    @Provide
    Arbitrary<Program> programs() {
        return Programs.programs(20);
    }
}
