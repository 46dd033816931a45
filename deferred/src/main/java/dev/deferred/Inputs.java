package dev.deferred;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/** Validation and cancellation of the input lists the combinators receive. */
final class Inputs {
    private Inputs() {}

    /**
     * Checks {@code list} and copies it, so a caller mutating its list later cannot change what a
     * combinator is tracking. Throws before anything is attached, so a bad call leaves no trace.
     */
    static <T> List<Deferred<? extends T>> copy(List<? extends Deferred<? extends T>> list, String method) {
        if (list == null) {
            throw new NullPointerException(method + "(null): pass a list of Deferreds (List.of() for none)");
        }
        Object[] copy = list.toArray();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new NullPointerException(method + ": element " + i
                        + " of the list is null; every element must be a Deferred (Deferred.succeed(null) for \"no value\")");
            }
        }
        @SuppressWarnings("unchecked")
        List<Deferred<? extends T>> checked = (List<Deferred<? extends T>>) (List<?>) Arrays.asList(copy);
        return checked;
    }

    /**
     * Cancels every input, in order. A canceller that throws must not stop the others from being
     * cancelled nor escape into the code that cancelled the combinator (Twisted logs it too).
     */
    static void cancelAll(List<? extends Deferred<?>> inputs, Deferred<?> except, Logger log, String who) {
        for (Deferred<?> d : inputs) {
            if (d != except) {
                cancelLogged(d, log, who);
            }
        }
    }

    static void cancelLogged(Deferred<?> d, Logger log, String who) {
        try {
            d.cancel();
        } catch (Throwable t) {
            Failures.rethrowIfFatal(t);
            log.error("Exception raised from a canceller while {} cancelled its input {}", who, d, t);
        }
    }
}
