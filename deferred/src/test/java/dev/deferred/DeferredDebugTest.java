package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Debug mode: AlreadyCalledException tells where the Deferred was created and first fired (Twisted item 3). */
class DeferredDebugTest {
    private boolean before;

    @BeforeEach
    void remember() {
        before = Deferred.isDebugging();
    }

    @AfterEach
    void restore() {
        Deferred.setDebugging(before);
    }

    @Test
    void theFlagCanBeReadBack() {
        Deferred.setDebugging(true);
        assertTrue(Deferred.isDebugging());
        Deferred.setDebugging(false);
        assertFalse(Deferred.isDebugging());
    }

    @Test
    void alreadyCalledShowsCreatorAndFirstInvokerWhenDebugging() {
        Deferred.setDebugging(true);
        Deferred<String> d = createHere();
        fireFirstHere(d);
        AlreadyCalledException e = assertThrows(AlreadyCalledException.class, () -> d.callback("second"));
        String msg = e.getMessage();
        int created = msg.indexOf("C: Deferred was created:");
        int invoked = msg.indexOf("I: First Invoker was:");
        assertTrue(created >= 0 && invoked > created, msg);
        assertTrue(msg.substring(created, invoked).contains("createHere"), msg);
        assertTrue(msg.substring(invoked).contains("fireFirstHere"), msg);
        assertEquals("first", Results.successResultOf(d), "the result is untouched");
    }

    @Test
    void debuggingTurnedOnAfterCreationShowsOnlyTheInvoker() {
        Deferred.setDebugging(false);
        Deferred<String> d = createHere();
        Deferred.setDebugging(true);
        fireFirstHere(d);
        String msg = assertThrows(AlreadyCalledException.class, () -> d.errback(new IOException())).getMessage();
        assertFalse(msg.contains("C: Deferred was created:"), msg);
        assertTrue(msg.contains("I: First Invoker was:") && msg.contains("fireFirstHere"), msg);
    }

    @Test
    void withoutDebuggingTheMessageSaysHowToGetTheStacks() {
        Deferred.setDebugging(false);
        Deferred<String> d = createHere();
        fireFirstHere(d);
        String msg = assertThrows(AlreadyCalledException.class, () -> d.callback("again")).getMessage();
        assertTrue(msg.contains("was already called"), msg);
        assertTrue(msg.contains("setDebugging(true)"), msg);
        assertFalse(msg.contains("First Invoker"), msg);
    }

    private static Deferred<String> createHere() {
        return new Deferred<>();
    }

    private static void fireFirstHere(Deferred<String> d) {
        d.callback("first");
    }
}
