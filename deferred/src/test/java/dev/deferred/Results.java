package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vavr.control.Try;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a Deferred holds, for tests, until the testing helpers land: a recording callback is
 * added to the chain, which is how a user observes a Deferred too.
 */
final class Results {
    private Results() {}

    /** The value the Deferred holds now; fails the test if it has none or holds a failure. Consumes it (the chain goes on with null). */
    static <T> T successResultOf(Deferred<T> d) {
        Try<T> t = consume(d);
        if (t.isFailure()) {
            throw new AssertionError("expected a value, but " + d + " holds a failure", t.getCause());
        }
        return t.get();
    }

    /** The failure the Deferred holds now, of the given type; consumes it (the chain goes on with null). */
    static <E extends Throwable> E failureResultOf(Deferred<?> d, Class<E> type) {
        Try<?> t = consume(d);
        assertTrue(t.isFailure(), () -> "expected a failure, but the Deferred holds the value " + t.get());
        return assertInstanceOf(type, t.getCause());
    }

    /** Fails the test if the Deferred has a result that would reach a newly added callback now. */
    static void assertNoResult(Deferred<?> d) {
        List<Object> seen = new ArrayList<>();
        d.addCallbacks(v -> {
            seen.add(v);
            return v;
        }, e -> {
            seen.add(e);
            throw e;
        });
        assertEquals(List.of(), seen, () -> "expected no result yet in " + d);
    }

    private static <T> Try<T> consume(Deferred<T> d) {
        List<Try<T>> seen = new ArrayList<>();
        d.addBoth(t -> {
            seen.add(t);
            return null;
        });
        if (seen.isEmpty()) {
            fail("expected a result, but " + d + " has none yet");
        }
        return seen.get(0);
    }
}
