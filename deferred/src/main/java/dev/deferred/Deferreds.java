package dev.deferred;

import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Combinators over several Deferreds: {@link #gatherResults gatherResults} (all values, or the
 * first failure) and {@link #race race} (the first success). For the full per-input outcome use
 * {@link DeferredList}.
 *
 * <p>The class is named like the JDK's {@code Collections} and Guava's {@code Futures}: static
 * helpers about the type in the name, kept out of {@link Deferred} itself so the core type stays
 * about one Deferred.
 *
 * <p>All of them attach a callback/errback pair to each input, in input order, at the call; an
 * input that has already fired reports at once, on the calling thread. The combined Deferred fires
 * on the thread of the input whose report decides it. They are safe to use from several threads.
 *
 * <pre>{@code
 * Deferred<List<Page>> pages = Deferreds.gatherResults(List.of(fetch(a), fetch(b)));
 * Deferred<Indexed<Page>> fastest = Deferreds.race(List.of(mirror1.fetch(p), mirror2.fetch(p)));
 * }</pre>
 */
public final class Deferreds {
    private Deferreds() {}

    /**
     * Same as {@link #gatherResults(List, boolean) gatherResults(inputs, false)}: failures are
     * passed on to the inputs' later callbacks.
     *
     * @param inputs the Deferreds to wait for
     * @param <T> the value type
     * @return a Deferred of the values in input order, or of the first failure
     * @throws NullPointerException if the list or one of its elements is null
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> inputs) {
        return gatherResults(inputs, false);
    }

    /**
     * Waits for every input and fires with their values, in input order (an unmodifiable list that
     * may hold nulls). The first input to fail instead fails the result at once with a
     * {@link FirstErrorException} holding that input's index and failure; later results are
     * ignored. An empty list fires with an empty list at once.
     *
     * <p>Each input keeps its own result for callbacks added to it later, except that with
     * {@code consumeErrors} a failure is replaced by {@code null} (so the input does not also
     * report it as unhandled). Without it, a failed input still holds its failure: handle it
     * there, or it is logged as unhandled when that input is garbage-collected (as in Twisted).
     *
     * <p>As in Twisted, cancelling the result before it fired only cancels every input, in order
     * (a canceller that throws is logged, not raised); the result then fires with what the inputs
     * produce: typically a {@link FirstErrorException} around the first input's
     * {@link CancellationException}, but the list of values if every input's canceller (or an
     * errback that traps the cancellation) supplies a value, and nothing yet while an input stays
     * unfired (paused, or waiting on a Deferred of its own). Each {@code cancel()} before it fires
     * cancels the inputs again; on a fired result it does nothing.
     *
     * <pre>{@code
     * Deferreds.gatherResults(List.of(a, b, c), true)
     *          .addCallback(values -> values.get(0) + values.get(1) + values.get(2));
     * }</pre>
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param consumeErrors whether the inputs' failures become {@code null} for their later callbacks
     * @param <T> the value type
     * @return a Deferred of the values in input order
     * @throws NullPointerException if the list or one of its elements is null (nothing is attached)
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> inputs, boolean consumeErrors) {
        List<Deferred<? extends T>> copy = Inputs.copy(inputs, "gatherResults");
        Gather<T> g = new Gather<>(copy, consumeErrors);
        g.start(copy);
        return g.result;
    }

    /**
     * Fires with the first input to succeed, as its index and value; every other input is then
     * cancelled, once, before the result's callbacks run. If every input fails, fails with a
     * {@link FailureGroupException} holding the failures in input order. Inputs that have already
     * fired count in input order, so the first fired success in the list wins.
     *
     * <p>The race consumes its inputs: each is left holding {@code null} for callbacks added to it
     * later, failures included, so the losers' cancellations are never reported as unhandled.
     *
     * <p>Cancelling the race before it fired cancels every input; their cancellations then fail it
     * with a {@link FailureGroupException} of {@link CancellationException}s (Twisted's behaviour).
     * An empty list never fires: there is no input that could win or fail (as in Twisted); cancel
     * it to fail it with a {@code CancellationException}.
     *
     * <pre>{@code
     * Deferreds.race(List.of(cache.get(key), db.get(key)))
     *          .addCallback(Indexed::value);
     * }</pre>
     *
     * @param inputs the competing Deferreds; the list is copied
     * @param <T> the value type
     * @return a Deferred of the winner's index and value
     * @throws NullPointerException if the list or one of its elements is null (nothing is attached)
     */
    public static <T> Deferred<Indexed<T>> race(List<? extends Deferred<? extends T>> inputs) {
        List<Deferred<? extends T>> copy = Inputs.copy(inputs, "race");
        FirstSuccess<T> f = new FirstSuccess<>(copy, "race", true, false, true);
        f.start();
        return f.result;
    }
}
