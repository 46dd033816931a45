package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.UnhandledErrors;
import dev.deferred.UnhandledErrors.UnhandledError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Canceller;
import dev.deferred.properties.Program.Kind;
import java.util.Collections;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Every failure ends handled, handed on (to an outer Deferred, through chainDeferred) or reported
 * as unhandled exactly once: after a program, the Deferreds that the model says hold a failure at
 * rest are reported, once each, with that failure; no other Deferred is. Costly (each try forces
 * garbage collections), hence few tries.
 */
@AddLifecycleHook(ScaledTries.class)
class UnhandledErrorProperties {

    /**
     * Several programs per try, because the garbage collection that each try needs costs far more
     * than running programs; shrinking takes the list down to the one program that fails.
     */
    @Property(tries = 60)
    void everyFailureIsHandledHandedOnOrReportedOnce(@ForAll("batches") List<Program> batch) throws Exception {
        check(batch);
    }

    /** The commonest hand-on, pinned: a failed Deferred returned from a callback is not reported; the outer is. */
    @Example
    void aFailureTakenByAnOuterDeferredIsReportedOnlyThere() throws Exception {
        Action returnN1 = new Action(List.of(), new Program.Return(1));
        check(List.of(Program.of(Collections.nCopies(Program.DEFERREDS, Canceller.NONE), List.of(
                new Program.Fail(1, ""),
                new Program.Add(0, Kind.CALLBACK_DEFERRED, null, returnN1, null, ""),
                new Program.Fire(0, "")))));
    }

    private static void check(List<Program> batch) throws Exception {
        List<UnhandledError> reports = new CopyOnWriteArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String[] atRest = Model.failuresAtRest(batch.get(i));
            for (int d = 0; d < atRest.length; d++) {
                if (atRest[d] != null) {
                    expected.put("p" + i + "." + Program.name(d), atRest[d]);
                }
            }
        }
        Map<String, String> actual;
        try (AutoCloseable listening = UnhandledErrors.addListener(reports::add)) {
            for (int i = 0; i < batch.size(); i++) {
                String prefix = "p" + i + ".";
                runAndDrop(batch.get(i)).forEach((identity, name) -> names.put(identity, prefix + name));
            }
            assertTrue(UnhandledErrors.collect(Duration.ofSeconds(10)), "garbage collection did not finish in time");
            actual = reported(reports, names, batch);
            // collect() should be enough; if reports are missing, give them a few more collections
            // and say so (see the module README), rather than fail on timing alone.
            for (int extra = 1; extra <= 5 && !actual.equals(expected); extra++) {
                UnhandledErrors.collect(Duration.ofSeconds(10));
                actual = reported(reports, names, batch);
                if (actual.equals(expected)) {
                    System.err.println("UnhandledErrorProperties: " + extra + " more collect() needed for " + expected.keySet());
                }
            }
        }
        // Reports of earlier tries' Deferreds may arrive too: only this batch's identities count.
        assertEquals(expected, actual, "unhandled failures reported (pN = the N-th program) in " + batch);
    }

    private static Map<String, String> reported(List<UnhandledError> reports, Map<String, String> names, List<Program> batch) {
        Map<String, String> actual = new TreeMap<>();
        for (UnhandledError e : reports) {
            String name = names.get(e.deferred());
            if (name != null) {
                String previous = actual.put(name, Trace.render(e.failure()));
                assertEquals(null, previous, name + " was reported twice, in " + batch);
            }
        }
        return actual;
    }

    /** Runs the program and lets go of every Deferred in it; returns their identities. */
    private static Map<String, String> runAndDrop(Program p) {
        Runner r = new Runner(p);
        r.runOps(p.ops());
        return r.identities();
    }

    @Provide
    Arbitrary<List<Program>> batches() {
        return Programs.programs(20, 4).list().ofMinSize(1).ofMaxSize(12);
    }
}
