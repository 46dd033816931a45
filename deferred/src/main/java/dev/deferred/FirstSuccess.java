package dev.deferred;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * {@link Deferreds#race} and {@link DeferredList.Builder#fireOnOneCallback()} on the
 * {@link Aggregate} engine: the first input to succeed decides, and fires {@code result} with its
 * index and value; failures arrive, and the last of them (all failed) or, with
 * {@code fireOnOneErrback}, the first decides instead.
 */
final class FirstSuccess<T> extends Aggregate {
    private static final Logger LOG = ErrorLog.logger(Deferreds.class);

    final Deferred<Indexed<T>> result;
    private final List<Deferred<? extends T>> inputs;
    private final String who;
    /** race: cancel the losers, and leave every input holding null (the race consumed it). */
    private final boolean race;
    private final boolean fireOnOneErrback;
    private final boolean consumeErrors;
    /** failures[i] is written once, by input i's errback, before it arrives (see Aggregate). */
    private final Throwable[] failures;

    FirstSuccess(List<Deferred<? extends T>> inputs, String who, boolean race, boolean fireOnOneErrback, boolean consumeErrors) {
        super(inputs.size());
        this.inputs = inputs;
        this.who = who;
        this.race = race;
        this.fireOnOneErrback = fireOnOneErrback;
        this.consumeErrors = consumeErrors;
        this.failures = new Throwable[inputs.size()];
        // fireOnOneCallback is a DeferredList in Twisted, whose cancel() only cancels the inputs;
        // a race's result is failed with the cancellation if the inputs leave it unfired.
        ChainCancellation.InputsCanceller cancelInputs = self -> Inputs.cancelAll(inputs, null, LOG, who);
        this.result = race ? new Deferred<>(self -> cancelInputs.accept(self)) : new Deferred<>(cancelInputs);
    }

    /** Attaches to every input, in order; fired inputs report at once. An empty list never fires. */
    void start() {
        attach(inputs);
    }

    @Override
    Object onValue(int index, Object value) {
        if (decide()) {
            if (race) {
                // Twisted cancels the losers before firing, so the race's callbacks see them settled.
                Inputs.cancelAll(inputs, inputs.get(index), LOG, who);
            }
            @SuppressWarnings("unchecked")
            Indexed<T> won = new Indexed<>(index, (T) value);
            fire(result, won, null);
        }
        return race ? null : value;
    }

    @Override
    Object onFailure(int index, Throwable failure) throws Throwable {
        failures[index] = failure;
        if (fireOnOneErrback) {
            if (decide()) {
                fire(result, null, new FirstErrorException(index, failure));
            }
        } else if (arrive()) {
            fire(result, null, new FailureGroupException(Arrays.asList(failures)));
        }
        if (race || consumeErrors) {
            return null;
        }
        throw failure;
    }
}
