package dev.deferred;

import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures on the chain: lane switching, recovery, checked exceptions, fatal errors. */
class DeferredErrorsTest {

    @Test
    void aThrowingCallbackSwitchesToTheErrorLane() {
        List<String> calls = new ArrayList<>();
        IllegalArgumentException boom = new IllegalArgumentException("bad value");
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
            throw boom;
        }).addCallback(x -> {
            calls.add("skipped callback");
            return x;
        }).addErrback(e -> {
            calls.add("errback saw " + e.getMessage());
            throw e;
        });
        d.callback(1);
        assertEquals(List.of("errback saw bad value"), calls);
        assertSame(boom, failureResultOf(d, IllegalArgumentException.class));
    }

    @Test
    void anErrbackThatReturnsSwitchesBackToCallbacks() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addErrback(e -> -1).addCallback(x -> {
            seen.add(x);
            return x * 2;
        });
        d.errback(new IOException("lost"));
        assertEquals(List.of(-1), seen);
        assertEquals(-2, successResultOf(d));
    }

    @Test
    void anErrbackThatThrowsANewFailureReplacesTheOld() {
        Deferred<Integer> d = new Deferred<>();
        d.addErrback(e -> {
            throw new IllegalStateException("wrapped", e);
        });
        IOException cause = new IOException("root");
        d.errback(cause);
        IllegalStateException f = failureResultOf(d, IllegalStateException.class);
        assertSame(cause, f.getCause());
    }

    @Test
    void checkedExceptionsFromCallbacksBecomeFailuresAsTheyAre() {
        Deferred<String> d = new Deferred<>();
        IOException io = new IOException("disk");
        d.addCallback(s -> {
            throw io;
        });
        d.callback("x");
        assertSame(io, failureResultOf(d, IOException.class), "not wrapped");
    }

    @Test
    void errbackIsTheSameAsAFailingCallback() {
        Deferred<String> d = Deferred.fail(new IOException("x"));
        assertEquals("x", failureResultOf(d, IOException.class).getMessage());
    }

    @Test
    void stackOverflowErrorFromACallbackPropagatesOutOfCallback() {
        Deferred<Integer> d = new Deferred<>();
        List<String> calls = new ArrayList<>();
        StackOverflowError soe = new StackOverflowError("deep");
        d.addCallback(x -> x + 1).addCallback(x -> {
            throw soe;
        }).addCallbacks(x -> {
            calls.add("next callback");
            return x;
        }, e -> {
            calls.add("errback " + e);
            return 0;
        });
        StackOverflowError thrown = assertThrows(StackOverflowError.class, () -> d.callback(1));
        assertSame(soe, thrown);
        assertEquals(List.of(), calls, "a fatal error is not turned into a failure on the chain");
    }

    @Test
    void outOfMemoryErrorFromACallbackPropagatesOutOfAddCallbackOnAFiredDeferred() {
        Deferred<Integer> d = Deferred.succeed(1);
        List<String> calls = new ArrayList<>();
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> d.addCallback(x -> {
            throw oom;
        })));
        // The rest of the chain stays where it was, with the result the failing step received,
        // and the Deferred is not left marked as running: a new callback still runs.
        d.addCallbacks(x -> {
            calls.add("cb " + x);
            return x;
        }, e -> {
            calls.add("eb " + e);
            return 0;
        });
        assertEquals(List.of("cb 1"), calls);
    }

    @Test
    void aFatalErrorInAChainedDeferredLeavesTheSourceUsable() {
        Deferred<Integer> d1 = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        List<String> calls = new ArrayList<>();
        d2.addCallback(x -> {
            throw new StackOverflowError("in d2");
        });
        d1.chainDeferred(d2).addCallback(x -> {
            calls.add("d1 rest");
            return x;
        });
        assertThrows(StackOverflowError.class, () -> d1.callback(1));
        assertEquals(List.of(), calls, "the fatal error stopped everything where it was");
        // d1 is not left marked as running: adding a callback runs what was left, then it.
        d1.addCallback(x -> {
            calls.add("added later");
            return x;
        });
        assertEquals(List.of("d1 rest", "added later"), calls);
    }

    @Test
    void interruptedExceptionAndLinkageErrorAreFatalToo() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
            throw new InterruptedException("stop");
        });
        assertThrows(InterruptedException.class, () -> d.callback(1));

        Deferred<Integer> e = new Deferred<>();
        e.addCallback(x -> {
            throw new NoClassDefFoundError("gone");
        });
        assertThrows(NoClassDefFoundError.class, () -> e.callback(1));
    }

    @Test
    void ordinaryErrorsAreFailures() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> {
            throw new AssertionError("not fatal");
        });
        d.callback(1);
        assertEquals("not fatal", failureResultOf(d, AssertionError.class).getMessage());
    }

    @Test
    void fatalErrorInExecuteAndMaybeDeferredPropagates() {
        assertThrows(StackOverflowError.class, () -> Deferred.execute(() -> {
            throw new StackOverflowError();
        }));
        assertThrows(OutOfMemoryError.class, () -> Deferred.maybeDeferred(() -> {
            throw new OutOfMemoryError();
        }));
    }
}
