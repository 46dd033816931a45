package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import io.vavr.control.Try;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a Deferred's result in a test. It consumes the result (the Deferred is left holding null, so
 * a failure is not reported as unhandled): call it once per Deferred, after it should have fired.
 */
final class Results {
    private Results() {
    }

    /** The result so far, or null if the Deferred has not fired. */
    static <T> Try<T> of(Deferred<T> d) {
        AtomicReference<Try<T>> seen = new AtomicReference<>();
        d.addBoth(t -> {
            seen.set(t);
            return null;
        });
        return seen.get();
    }
}
