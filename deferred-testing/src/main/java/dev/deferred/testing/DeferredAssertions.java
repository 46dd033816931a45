package dev.deferred.testing;

import dev.deferred.Deferred;
import io.vavr.control.Try;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * Assertions about a Deferred's result <em>right now</em>, for tests that drive time and I/O by
 * hand (Twisted's {@code SynchronousTestCase.successResultOf}, {@code failureResultOf} and
 * {@code assertNoResult}). They never wait: a Deferred that has not fired yet has no result.
 *
 * <pre>{@code
 * import static dev.deferred.testing.DeferredAssertions.*;
 *
 * Deferred<String> d = client.fetch("x");
 * assertNoResult(d);
 * transport.deliver("hello");
 * assertEquals("hello", successResultOf(d));
 *
 * IOException e = failureResultOf(client.fetch("gone"), IOException.class);
 * }</pre>
 *
 * <p>How they look: each adds one pass-through {@code addBoth} to the Deferred, which runs at once
 * if the Deferred has fired and is idle (not paused, not waiting on another Deferred, not running
 * its callbacks on another thread). The messages show the Deferred's state as its
 * {@code toString()} gave it before the check, and a failure's stack trace.
 *
 * <p>What they leave behind: a value stays the Deferred's result. A failure that one of these
 * assertions reported or returned is <em>handled</em> (the Deferred then holds {@code null}), so
 * it is never also logged as an unhandled error. On a Deferred with no result, the pass-through
 * stays on the chain and changes nothing.
 *
 * <p>Failures are reported with {@link Assertions#fail(String, Throwable)}, i.e. as
 * {@code org.opentest4j.AssertionFailedError}.
 */
public final class DeferredAssertions {
    private DeferredAssertions() {}

    /**
     * Returns the value {@code d} holds now.
     *
     * @param d the Deferred
     * @param <T> its value type
     * @return its current value (may be null)
     * @throws AssertionError if it has no result, or holds a failure (then shown, and handled)
     * @throws NullPointerException if {@code d} is null
     */
    public static <T> T successResultOf(Deferred<T> d) {
        String state = stateOf(d, "successResultOf");
        Try<T> result = observe(d);
        if (result == null) {
            return Assertions.fail("Success result expected on " + state + ", found no result instead");
        }
        if (result.isFailure()) {
            handle(d);
            return Assertions.fail("Success result expected on " + state + ", found failure result instead:\n"
                    + stackTrace(result.getCause()), result.getCause());
        }
        return result.get();
    }

    /**
     * Returns the failure {@code d} holds now, which must be of {@code type}; the failure is then
     * handled.
     *
     * @param d the Deferred
     * @param type the expected failure type (subclasses match)
     * @param <E> that type
     * @return the failure, already cast
     * @throws AssertionError if it has no result, a value, or a failure of another type
     * @throws NullPointerException if an argument is null
     */
    public static <E extends Throwable> E failureResultOf(Deferred<?> d, Class<E> type) {
        if (type == null) {
            throw new NullPointerException("failureResultOf: type is null; pass the expected failure class");
        }
        return type.cast(checkFailure(d, new Class<?>[] {type}));
    }

    /**
     * Returns the failure {@code d} holds now, which must be an instance of one of {@code types}
     * (any failure if none is given); the failure is then handled.
     *
     * @param d the Deferred
     * @param types the accepted failure types (subclasses match); none for any
     * @return the failure
     * @throws AssertionError if it has no result, a value, or a failure of none of the types
     * @throws NullPointerException if {@code d}, the array or one of the types is null
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // checkFailure only reads the array: nothing is stored into it
    public static Throwable failureResultOf(Deferred<?> d, Class<? extends Throwable>... types) {
        return checkFailure(d, types);
    }

    private static Throwable checkFailure(Deferred<?> d, Class<?>[] types) {
        if (types == null || Arrays.asList(types).contains(null)) {
            throw new NullPointerException("failureResultOf: a type is null; pass the expected failure classes");
        }
        String state = stateOf(d, "failureResultOf");
        Try<?> result = observe(d);
        if (result == null) {
            return Assertions.fail("Failure result expected on " + state + ", found no result instead");
        }
        if (result.isSuccess()) {
            return Assertions.fail("Failure result expected on " + state + ", found success result ("
                    + result.get() + ") instead");
        }
        Throwable failure = result.getCause();
        handle(d);
        if (types.length > 0 && Arrays.stream(types).noneMatch(t -> t.isInstance(failure))) {
            String expected = Arrays.stream(types).map(Class::getName).collect(Collectors.joining(" or "));
            return Assertions.fail("Failure of type (" + expected + ") expected on " + state + ", found type "
                    + failure.getClass().getName() + " instead:\n" + stackTrace(failure), failure);
        }
        return failure;
    }

    /**
     * Asserts that {@code d} has no result now (it has not fired, or it waits on another Deferred,
     * or it is paused).
     *
     * @param d the Deferred
     * @throws AssertionError if it has a result (a failure is shown, and handled)
     * @throws NullPointerException if {@code d} is null
     */
    public static void assertNoResult(Deferred<?> d) {
        String state = stateOf(d, "assertNoResult");
        Try<?> result = observe(d);
        if (result == null) {
            return;
        }
        if (result.isFailure()) {
            handle(d);
            Assertions.fail("No result expected on " + state + ", found failure result instead:\n"
                    + stackTrace(result.getCause()), result.getCause());
        }
        Assertions.fail("No result expected on " + state + ", found success result (" + result.get() + ") instead");
    }

    private static String stateOf(Deferred<?> d, String method) {
        if (d == null) {
            throw new NullPointerException(method + "(null): pass the Deferred to check");
        }
        return d.toString();
    }

    /** The current result, passed through untouched, or null if there is none right now. */
    private static <T> Try<T> observe(Deferred<T> d) {
        // Atomic: if another thread is running the chain, the pass-through may run there later.
        AtomicReference<Try<T>> seen = new AtomicReference<>();
        d.addBoth(t -> {
            seen.compareAndSet(null, t);
            if (t.isFailure()) {
                throw t.getCause();
            }
            return t.get();
        });
        return seen.get();
    }

    private static void handle(Deferred<?> d) {
        d.addErrback(e -> null);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
