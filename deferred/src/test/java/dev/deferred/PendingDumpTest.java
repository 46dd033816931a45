package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deferred.dumpPending(): what is still pending, where it was created, and what waits on what. */
class PendingDumpTest {
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
    void listsUnfiredAndWaitingDeferredsWithTheirCreationSitesAndWaits() {
        Deferred<String> inner = createInner();
        Deferred<String> outer = createOuter();
        Deferred<String> done = Deferred.succeed("done");
        outer.addCallbackDeferred(x -> inner);
        outer.callback("go");

        String dump = Deferred.dumpPending();
        String innerEntry = entry(dump, inner);
        String outerEntry = entry(dump, outer);
        assertTrue(innerEntry.startsWith(inner.identity() + " {pending}, awaited by " + outer.identity() + "\n"), dump);
        assertTrue(innerEntry.contains("\tcreated at:\n\t... 2 deferred frames\n\tat dev.deferred.PendingDumpTest.createInner("), dump);
        assertTrue(outerEntry.startsWith(outer.identity() + " {waiting on " + inner.identity() + "}\n"), dump);
        assertTrue(outerEntry.contains("at dev.deferred.PendingDumpTest.createOuter("), dump);
        assertFalse(dump.contains(done.identity()), "a fired Deferred is not pending: " + dump);
        assertTrue(dump.indexOf(inner.identity() + " {") < dump.indexOf(outer.identity() + " {"), "oldest first: " + dump);

        inner.callback("now");
        String after = Deferred.dumpPending();
        assertFalse(after.contains(inner.identity() + " {"), after);
        assertFalse(after.contains(outer.identity() + " {"), after);
    }

    @Test
    void deferredsCreatedWithoutDebuggingAreNotListed() {
        Deferred.setDebugging(false);
        Deferred<String> quiet = createInner();
        Deferred.setDebugging(true);
        assertFalse(Deferred.dumpPending().contains(quiet.identity()));
    }

    /** The dump's entry for {@code d}: its line and the stack lines under it. */
    private static String entry(String dump, Deferred<?> d) {
        int start = dump.indexOf(d.identity() + " {");
        assertTrue(start >= 0, d.identity() + " missing from " + dump);
        int end = start + 1;
        while ((end = dump.indexOf('\n', end) + 1) > 0 && end < dump.length() && dump.charAt(end) == '\t') {
            // continuation lines start with a tab
        }
        return end <= 0 ? dump.substring(start) : dump.substring(start, end);
    }

    private static Deferred<String> createInner() {
        return new Deferred<>();
    }

    private static Deferred<String> createOuter() {
        return new Deferred<>();
    }
}
