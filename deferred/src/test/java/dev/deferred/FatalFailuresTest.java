package dev.deferred;

import static dev.deferred.Results.failureResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Try;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one fatal-error policy ({@link Failures}) as the chain applies it. */
class FatalFailuresTest {

    @Test
    void errbackRefusesAnInterruptedExceptionAndLeavesTheDeferredUnfired() {
        Deferred<String> d = new Deferred<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.errback(new InterruptedException("stop")));
        assertTrue(e.getMessage().contains("errback") && e.getMessage().contains("InterruptedException")
                && e.getMessage().contains("Failures.asFailure"), e.getMessage());
        assertFalse(d.isCalled());
        d.callback("still usable");
        assertEquals("still usable", Results.successResultOf(d));
    }

    @Test
    void errbackRefusesALinkageErrorAndAStackOverflowError() {
        Deferred<String> d = new Deferred<>();
        assertThrows(IllegalArgumentException.class, () -> d.errback(new NoClassDefFoundError("com/example/Lazy")));
        assertThrows(IllegalArgumentException.class, () -> d.errback(new StackOverflowError()));
        assertFalse(d.isCalled());
    }

    @Test
    void failRefusesAFatalThrowable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Deferred.fail(new InterruptedException()));
        assertTrue(e.getMessage().startsWith("fail:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Deferred.fail(new LinkageError("broken class path")));
    }

    @Test
    void aWrappedFatalThrowableFlowsThroughAddBothAndDeferredList() {
        NoClassDefFoundError cause = new NoClassDefFoundError("com/example/Lazy");
        Deferred<String> d = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.of(List.of(d));
        List<Try<String>> seen = new ArrayList<>();
        d.addBoth(t -> {
            seen.add(t);
            throw t.getCause();
        });
        d.errback(Failures.asFailure(cause));
        assertEquals(1, seen.size());
        FatalErrorException wrapped = assertInstanceOf(FatalErrorException.class, seen.get(0).getCause());
        assertSame(cause, wrapped.getCause());
        assertSame(wrapped, failureResultOf(d, FatalErrorException.class));
        assertTrue(list.isCalled());
    }

    @Test
    void theClassificationIsTheDocumentedOne() {
        assertTrue(Failures.isFatal(new OutOfMemoryError()));
        assertTrue(Failures.isFatal(new StackOverflowError()));
        assertTrue(Failures.isFatal(new NoClassDefFoundError()));
        assertTrue(Failures.isFatal(new InterruptedException()));
        assertFalse(Failures.isFatal(new RuntimeException()));
        assertFalse(Failures.isFatal(new AssertionError()));

        assertTrue(Failures.endsLoop(new OutOfMemoryError()));
        assertTrue(Failures.endsLoop(new InternalError()));
        assertFalse(Failures.endsLoop(new StackOverflowError()), "over once the stack has unwound");
        assertFalse(Failures.endsLoop(new NoClassDefFoundError()));
        assertFalse(Failures.endsLoop(new InterruptedException()));

        RuntimeException plain = new RuntimeException();
        assertSame(plain, Failures.asFailure(plain));
        InterruptedException ie = new InterruptedException();
        assertSame(ie, Failures.asFailure(ie).getCause());
        assertThrows(OutOfMemoryError.class, () -> Failures.rethrowIfEndsLoop(new OutOfMemoryError("test")));
        Failures.rethrowIfEndsLoop(new StackOverflowError()); // returns
    }
}
