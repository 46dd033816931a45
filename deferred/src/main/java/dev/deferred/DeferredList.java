package dev.deferred;

import io.vavr.control.Try;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * Twisted's {@code DeferredList}: a Deferred of the outcome of several Deferreds. By default it
 * fires once every input has fired, with one {@link Try} per input, in input order — a success
 * with the value or a failure with the exception. It never fails on its own account.
 *
 * <p>This class only holds the factories: what they return is a plain {@code Deferred} of the
 * outcomes, as {@link Deferreds#gatherResults} returns one of the values, and the combining
 * engine behind it is not reachable from it.
 *
 * <pre>{@code
 * DeferredList.of(List.of(a, b)).addCallback(outcomes -> {
 *     for (Try<String> t : outcomes) {
 *         t.onSuccess(System.out::println).onFailure(e -> log.warn("failed", e));
 *     }
 *     return null;
 * });
 * // Twisted's options:
 * Deferred<List<Try<String>>> l = DeferredList.builder(inputs).fireOnOneErrback(true).consumeErrors(true).build();
 * Deferred<Indexed<String>> first = DeferredList.builder(inputs).fireOnOneCallback();
 * }</pre>
 *
 * <h2>When it fires, and on which thread</h2>
 * <ul>
 *   <li>A callback/errback pair is attached to every input, in order, when the list is built.
 *       Inputs that have already fired report right then, on the building thread; the others on
 *       the thread that fires them. The input whose report completes the list fires it, on its
 *       thread.</li>
 *   <li>An empty list fires with an empty list at once.</li>
 *   <li>With {@link Builder#fireOnOneErrback(boolean) fireOnOneErrback}, the first failure fails
 *       the list with a {@link FirstErrorException} (index and failure); later inputs are still
 *       tracked by their own chains but no longer affect the list.</li>
 *   <li>With {@link Builder#consumeErrors(boolean) consumeErrors}, a failed input is left holding
 *       {@code null} for its later callbacks (so it is not also reported as unhandled), while the
 *       list still records the failure. Without it, the input keeps its failure: handle it there
 *       or it is logged as unhandled (as in Twisted).</li>
 *   <li>Values are passed on unchanged to the inputs' later callbacks.</li>
 * </ul>
 *
 * <h2>Cancellation</h2>
 * As in Twisted, {@code cancel()} on an unfired list only cancels every input, in order (a
 * canceller that throws is logged, not raised); it never fails the list itself. The list then fires
 * with whatever the inputs produce, as for any other outcome: by default with their
 * {@code CancellationException}s, but an input whose canceller calls back, or whose errback traps
 * the cancellation and returns a value (or a Deferred that fires later), is reported with that
 * value, and a paused input only when it is unpaused. Each {@code cancel()} before the list fires
 * cancels the inputs again; on a fired list it does nothing.
 *
 * <pre>{@code
 * Deferred<String> partial = new Deferred<>(self -> self.callback("partial")); // its canceller calls back
 * Deferred<List<Try<String>>> all = DeferredList.of(List.of(partial, new Deferred<String>()));
 * all.cancel();   // fires at once with [Success(partial), Failure(CancellationException)]
 * }</pre>
 *
 * <p>Thread-safe: inputs may fire on any threads.
 */
public final class DeferredList {
    private static final Logger LOG = ErrorLog.logger(DeferredList.class);

    private DeferredList() {}

    /** Attaches a list with these options to {@code inputs} (already copied) and returns its result. */
    private static <T> Deferred<List<Try<T>>> attach(List<Deferred<? extends T>> inputs, boolean fireOnOneErrback, boolean consumeErrors) {
        Outcomes<T> outcomes = new Outcomes<>(inputs, fireOnOneErrback, consumeErrors);
        if (inputs.isEmpty()) {
            outcomes.result.callback(Collections.emptyList());
        } else {
            outcomes.attach(inputs);
        }
        return outcomes.result;
    }

    /**
     * A list with Twisted's default options: fires when every input has fired, with one
     * {@link Try} per input; failures stay with the inputs too.
     *
     * @param inputs the Deferreds to track; the list is copied
     * @param <T> the value type
     * @return a Deferred of the outcomes in input order, already attached to the inputs
     * @throws NullPointerException if the list or one of its elements is null (nothing is attached)
     */
    public static <T> Deferred<List<Try<T>>> of(List<? extends Deferred<? extends T>> inputs) {
        return attach(Inputs.copy(inputs, "DeferredList.of"), false, false);
    }

    /**
     * Starts a list with options. Nothing is attached to the inputs until a build method is
     * called.
     *
     * @param inputs the Deferreds to track; checked now, copied when built
     * @param <T> the value type
     * @return a builder
     * @throws NullPointerException if the list or one of its elements is null
     */
    public static <T> Builder<T> builder(List<? extends Deferred<? extends T>> inputs) {
        return new Builder<>(Inputs.copy(inputs, "DeferredList.builder"));
    }

    /**
     * The list's side of the {@link Aggregate} engine: one {@code Try} per input; the last report
     * fires {@code result} with all of them, or, with {@code fireOnOneErrback}, the first failure
     * fails it at once.
     */
    private static final class Outcomes<T> extends Aggregate {
        /** What the factories hand out. As Twisted's, cancel() only cancels the inputs. */
        final Deferred<List<Try<T>>> result;
        private final boolean fireOnOneErrback;
        private final boolean consumeErrors;
        /** results[i] is written once, by input i's report, before it arrives (see Aggregate). */
        private final Try<T>[] results;

        @SuppressWarnings("unchecked")
        Outcomes(List<Deferred<? extends T>> inputs, boolean fireOnOneErrback, boolean consumeErrors) {
            super(inputs.size());
            this.result = new Deferred<>((ChainCancellation.InputsCanceller) self -> Inputs.cancelAll(inputs, null, LOG, "DeferredList"));
            this.fireOnOneErrback = fireOnOneErrback;
            this.consumeErrors = consumeErrors;
            this.results = (Try<T>[]) new Try<?>[inputs.size()];
        }

        @Override
        @SuppressWarnings("unchecked")
        Object onValue(int index, Object value) {
            results[index] = Try.success((T) value);
            if (arrive()) {
                fire(result, Collections.unmodifiableList(Arrays.asList(results)), null);
            }
            return value;
        }

        @Override
        Object onFailure(int index, Throwable failure) throws Throwable {
            results[index] = Failures.asTry(failure, true);
            if (fireOnOneErrback) {
                if (decide()) {
                    fire(result, null, new FirstErrorException(index, failure));
                }
            } else if (arrive()) {
                fire(result, Collections.unmodifiableList(Arrays.asList(results)), null);
            }
            if (consumeErrors) {
                return null;
            }
            throw failure;
        }
    }

    /**
     * Twisted's {@code DeferredList} options. Set {@link #fireOnOneErrback(boolean)} and
     * {@link #consumeErrors(boolean)}, then {@link #build()} for the list's outcomes, or
     * {@link #fireOnOneCallback()} for Twisted's {@code fireOnOneCallback=True}, whose result has
     * a different type. Each build attaches a new list to the inputs.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final List<Deferred<? extends T>> inputs;
        private boolean fireOnOneErrback;
        private boolean consumeErrors;

        private Builder(List<Deferred<? extends T>> inputs) {
            this.inputs = inputs;
        }

        /**
         * Whether the first failed input fails the list at once with a {@link FirstErrorException}.
         *
         * @param on the option (default false)
         * @return this builder
         */
        public Builder<T> fireOnOneErrback(boolean on) {
            this.fireOnOneErrback = on;
            return this;
        }

        /**
         * Whether failed inputs are left holding {@code null} for their later callbacks.
         *
         * @param on the option (default false)
         * @return this builder
         */
        public Builder<T> consumeErrors(boolean on) {
            this.consumeErrors = on;
            return this;
        }

        /**
         * Attaches a list with these options to the inputs.
         *
         * @return a Deferred of the outcomes in input order (or of the first failure, with
         *     {@code fireOnOneErrback})
         */
        public Deferred<List<Try<T>>> build() {
            return attach(List.copyOf(inputs), fireOnOneErrback, consumeErrors);
        }

        /**
         * Attaches a list with Twisted's {@code fireOnOneCallback=True} (and the other options set
         * here): it fires with the first input to succeed, as its {@link Indexed index and value};
         * later inputs no longer affect it and are <em>not</em> cancelled (use
         * {@link Deferreds#race} for that).
         *
         * <p><b>Differences from Twisted</b>, because Java cannot type "a tuple or a list": if every
         * input fails (and {@code fireOnOneErrback} is off), the result fails with a
         * {@link FailureGroupException} holding the failures in input order, where Twisted would
         * call back with the list of outcomes; nothing is lost. An empty input list never fires,
         * as in Twisted. Cancellation only cancels every input, as for {@link #build()}: the result
     * then fires with the first of them to succeed (a canceller that calls back), or as above.
         *
         * @return a Deferred of the first success
         */
        public Deferred<Indexed<T>> fireOnOneCallback() {
            FirstSuccess<T> f = new FirstSuccess<>(List.copyOf(inputs), "DeferredList", false, fireOnOneErrback, consumeErrors);
            f.start();
            return f.result;
        }
    }
}
