package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.deferred.Deferred;
import io.vavr.control.Try;
import java.util.ArrayList;
import java.util.List;

/** Reading a Deferred's result in tests (until the deferred-testing helpers land). */
public final class Results {
    private Results() {
    }

    /** Records the current result without consuming it. */
    private static <T> List<Try<T>> peek(Deferred<T> d) {
        List<Try<T>> seen = new ArrayList<>();
        d.addBoth(t -> {
            seen.add(t);
            if (t.isFailure()) {
                throw t.getCause() instanceof Exception e ? e : new RuntimeException(t.getCause());
            }
            return t.get();
        });
        return seen;
    }

    /** The value d has fired with; fails the test if it has not, or failed. */
    public static <T> T successResultOf(Deferred<T> d) {
        List<Try<T>> seen = peek(d);
        if (seen.isEmpty()) {
            fail("expected " + d + " to have a result, it has none");
        }
        if (seen.get(0).isFailure()) {
            fail("expected a success, got a failure", seen.get(0).getCause());
        }
        return seen.get(0).get();
    }

    /** The failure d holds (consumed, so it is not reported as unhandled); checks its type. */
    public static <E extends Throwable> E failureResultOf(Deferred<?> d, Class<E> type) {
        List<Throwable> seen = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        d.addBoth(t -> {
            if (t.isFailure()) {
                seen.add(t.getCause());
            } else {
                values.add(t.get());
            }
            return null;
        });
        if (!values.isEmpty()) {
            fail("expected a failure, got the value " + values.get(0));
        }
        assertEquals(1, seen.size(), "expected " + d + " to have failed, it has no result");
        return assertInstanceOf(type, seen.get(0));
    }

    /** Fails the test if d has a result. */
    public static void assertNoResult(Deferred<?> d) {
        List<Try<?>> seen = new ArrayList<>();
        d.addBoth(t -> {
            seen.add(t);
            if (t.isFailure()) {
                throw t.getCause() instanceof Exception e ? e : new RuntimeException(t.getCause());
            }
            return t.get();
        });
        if (!seen.isEmpty()) {
            fail("expected no result, got " + seen.get(0));
        }
    }
}
