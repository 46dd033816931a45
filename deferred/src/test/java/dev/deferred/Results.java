package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.vavr.control.Try;

/**
 * Reads a Deferred's current result in the core's own tests (which cannot use deferred-testing,
 * since it depends on this module). The result is passed through untouched, except that a failure
 * read by {@link #failureOf} is handled.
 */
final class Results {
    private Results() {}

    /** The current result, or null if the Deferred has none yet. */
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

    static void assertNoResult(Deferred<?> d) {
        Try<?> t = peek(d);
        if (t != null) {
            fail("expected no result on " + d + ", found " + t);
        }
    }
}
