package dev.deferred;

import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** addErrback(Class, fn): Twisted's {@code failure.trap}. */
class DeferredTrapTest {

    @Test
    void handlesTheTrappedType() {
        Deferred<String> d = new Deferred<>();
        List<IOException> seen = new ArrayList<>();
        d.addErrback(IOException.class, e -> {
            seen.add(e);
            return "fallback";
        });
        IOException io = new IOException("x");
        d.errback(io);
        assertEquals(List.of(io), seen);
        assertEquals("fallback", successResultOf(d));
    }

    @Test
    void handlesSubclasses() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(IOException.class, e -> "caught " + e.getClass().getSimpleName());
        d.errback(new FileNotFoundException("f"));
        assertEquals("caught FileNotFoundException", successResultOf(d));
    }

    @Test
    void otherFailuresPassOnUntouched() {
        Deferred<String> d = new Deferred<>();
        List<String> calls = new ArrayList<>();
        d.addErrback(TimeoutException.class, e -> {
            calls.add("timeout handler");
            return "t";
        });
        IOException io = new IOException("not a timeout");
        d.errback(io);
        assertEquals(List.of(), calls);
        assertSame(io, failureResultOf(d, IOException.class), "the very same failure object goes on");
    }

    @Test
    void valuesPassBy() {
        Deferred<String> d = new Deferred<>();
        List<String> calls = new ArrayList<>();
        d.addErrback(IOException.class, e -> {
            calls.add("handler");
            return "x";
        });
        d.callback("value");
        assertEquals(List.of(), calls);
        assertEquals("value", successResultOf(d));
    }

    @Test
    void trapsCanBeStackedLikeExceptClauses() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(TimeoutException.class, e -> "timeout")
                .addErrback(IOException.class, e -> "io")
                .addErrback(e -> "anything");
        d.errback(new IOException());
        assertEquals("io", successResultOf(d));
    }

    @Test
    void aThrowingTrapHandlerFailsTheChain() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(IOException.class, e -> {
            throw new IllegalStateException("handler broke", e);
        });
        d.errback(new IOException());
        assertEquals("handler broke", failureResultOf(d, IllegalStateException.class).getMessage());
    }
}
