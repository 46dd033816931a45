package dev.deferred;

import io.vavr.control.Try;
import java.util.concurrent.atomic.AtomicReference;

/** Test helper: what a Deferred fired with, read by adding a recording callback (which consumes it). */
final class Outcome<T> {
    private final AtomicReference<Try<T>> seen = new AtomicReference<>();

    private Outcome() {}

    /** Starts watching {@code d}: records its result when it fires and leaves it holding null. */
    static <T> Outcome<T> of(Deferred<T> d) {
        Outcome<T> o = new Outcome<>();
        d.addBoth(t -> {
            o.seen.set(t);
            return null;
        });
        return o;
    }

    boolean fired() {
        return seen.get() != null;
    }

    T value() {
        Try<T> t = seen.get();
        if (t == null) {
            throw new AssertionError("the Deferred has not fired");
        }
        if (t.isFailure()) {
            throw new AssertionError("the Deferred failed", t.getCause());
        }
        return t.get();
    }

    Throwable failure() {
        Try<T> t = seen.get();
        if (t == null) {
            throw new AssertionError("the Deferred has not fired");
        }
        if (t.isSuccess()) {
            throw new AssertionError("the Deferred succeeded with " + t.get());
        }
        return t.getCause();
    }
}
