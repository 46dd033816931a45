package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vavr.control.Try;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a Deferred holds in the core's own tests (which cannot use deferred-testing, since it
 * depends on this module): a recording callback is added to the chain, which is how a user
 * observes a Deferred too.
 *
 * <p>Two families: {@link #successResultOf}/{@link #failureResultOf} consume the result (the chain
 * goes on with null, as Twisted's SynchronousTestCase helpers do); {@link #peek}, {@link #valueOf}
 * and {@link #failureOf} pass it through untouched (except that a failure read by
 * {@code failureOf} is handled).
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

    /** The current result, passed through untouched, or null if the Deferred has none yet. */
    static <T> Try<T> peek(Deferred<T> d) {
        @SuppressWarnings("unchecked")
        Try<T>[] seen = new Try[1];
        d.addBoth(t -> {
            seen[0] = t;
            if (t.isFailure()) {
                throw t.getCause();
            }
            return t.get();
        });
        return seen[0];
    }

    /** The current value, left in place; fails the test (handling the failure) if there is none. */
    static <T> T valueOf(Deferred<T> d) {
        String state = d.toString();
        Try<T> t = peek(d);
        if (t == null) {
            fail("expected a value on " + state + ", found no result");
        }
        if (t.isFailure()) {
            d.addErrback(e -> null);
            fail("expected a value on " + state + ", found a failure", t.getCause());
        }
        return t.get();
    }

    /** The current failure of the given type; the failure is handled afterwards. */
    static <E extends Throwable> E failureOf(Deferred<?> d, Class<E> type) {
        String state = d.toString();
        Try<?> t = peek(d);
        if (t == null) {
            fail("expected a failure on " + state + ", found no result");
        }
        if (t.isSuccess()) {
            fail("expected a failure on " + state + ", found value " + t.get());
        }
        d.addErrback(e -> null);
        return assertInstanceOf(type, t.getCause());
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
