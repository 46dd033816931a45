package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** toString shows the state (Twisted item 19). */
class DeferredToStringTest {
    private static final Pattern ID = Pattern.compile("Deferred@[0-9a-f]+");

    private static String state(Deferred<?> d) {
        String s = d.toString();
        assertTrue(ID.matcher(s).lookingAt(), s);
        return s.substring(s.indexOf('{'));
    }

    private static String id(Deferred<?> d) {
        String s = d.toString();
        return s.substring(0, s.indexOf('{'));
    }

    @Test
    void pending() {
        assertEquals("{pending}", state(new Deferred<>()));
    }

    @Test
    void pendingAndPaused() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        assertEquals("{pending, paused}", state(d));
    }

    @Test
    void currentResult() {
        assertEquals("{current result: 42}", state(Deferred.succeed(42)));
        assertEquals("{current result: null}", state(Deferred.succeed(null)));
    }

    @Test
    void currentResultAfterTheChain() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1);
        d.callback(1);
        assertEquals("{current result: 2}", state(d));
    }

    @Test
    void failure() {
        Deferred<String> d = Deferred.fail(new IOException("gone"));
        assertEquals("{current result: failure java.io.IOException: gone}", state(d));
        d.addErrback(e -> "handled");
    }

    @Test
    void waitingOnAnother() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertEquals("{waiting on " + id(inner) + "}", state(outer));
        inner.callback("done");
        assertEquals("{current result: done}", state(outer));
        assertEquals("{current result: null}", state(inner));
    }

    @Test
    void runningCallbacks() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> seen.add(state(d)));
        d.callback("x");
        assertEquals(List.of("{running callbacks}"), seen);
    }

    @Test
    void identityIsStable() {
        Deferred<String> d = new Deferred<>();
        String before = id(d);
        d.callback("x");
        assertEquals(before, id(d));
    }
}
