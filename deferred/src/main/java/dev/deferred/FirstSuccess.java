package dev.deferred;

import io.vavr.CheckedFunction1;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * The engine of {@link Deferreds#race} and of {@link DeferredList.Builder#fireOnOneCallback()}:
 * the first input to succeed fires {@code result} with its index and value.
 */
final class FirstSuccess<T> {
    private static final Logger LOG = ErrorLog.logger(Deferreds.class);

    final Deferred<Indexed<T>> result;
    private final List<Deferred<? extends T>> inputs;
    private final String who;
    /** race: cancel the losers, and leave every input holding null (the race consumed it). */
    private final boolean race;
    private final boolean fireOnOneErrback;
    private final boolean consumeErrors;

    /*
     * Guarded by this object's monitor (private: nobody else can lock it):
     *  - failures[i] is written once, by input i's errback; failed counts them;
     *  - decided turns true exactly once, when this object decides how `result` fires (first
     *    success, first failure with fireOnOneErrback, or all failed). The thread that turns it
     *    cancels the losers (race) and fires `result` after leaving the monitor.
     */
    private final Throwable[] failures;
    private int failed;
    private boolean decided;

    FirstSuccess(List<Deferred<? extends T>> inputs, String who, boolean race, boolean fireOnOneErrback, boolean consumeErrors) {
        this.inputs = inputs;
        this.who = who;
        this.race = race;
        this.fireOnOneErrback = fireOnOneErrback;
        this.consumeErrors = consumeErrors;
        this.failures = new Throwable[inputs.size()];
        // fireOnOneCallback is a DeferredList in Twisted, whose cancel() only cancels the inputs;
        // a race's result is failed with the cancellation if the inputs leave it unfired.
        Chain.InputsCanceller cancelInputs = self -> Inputs.cancelAll(inputs, null, LOG, who);
        this.result = race ? new Deferred<>(self -> cancelInputs.accept(self)) : new Deferred<>(cancelInputs);
    }

    /** Attaches to every input, in order; fired inputs report at once. An empty list never fires. */
    void attach() {
        for (int i = 0; i < inputs.size(); i++) {
            inputs.get(i).addCallbacks(new OnValue(i), new OnFailure(i));
        }
    }

    private void value(int index, Object value) {
        synchronized (this) {
            if (decided) {
                return;
            }
            decided = true;
        }
        if (race) {
            // Twisted cancels the losers before firing, so the race's callbacks see them settled.
            Inputs.cancelAll(inputs, inputs.get(index), LOG, who);
        }
        @SuppressWarnings("unchecked")
        Indexed<T> won = new Indexed<>(index, (T) value);
        fire(won, null);
    }

    private void failure(int index, Throwable failure) {
        Throwable outcome = null;
        synchronized (this) {
            failures[index] = failure;
            failed++;
            if (!decided) {
                if (fireOnOneErrback) {
                    outcome = new FirstErrorException(index, failure);
                } else if (failed == failures.length) {
                    outcome = new FailureGroupException(Arrays.asList(failures));
                }
                decided = outcome != null;
            }
        }
        if (outcome != null) {
            fire(null, outcome);
        }
    }

    private void fire(Indexed<T> won, Throwable failure) {
        try {
            if (failure == null) {
                result.callback(won);
            } else {
                result.errback(failure);
            }
        } catch (AlreadyCalledException cancelled) {
            // A race's `result` was cancelled and failed with the cancellation before this input
            // reported (or someone fired `result` by hand).
        }
    }

    private final class OnValue implements CheckedFunction1<Object, Object> {
        private static final long serialVersionUID = 1L;
        private final int index;

        OnValue(int index) {
            this.index = index;
        }

        @Override
        public Object apply(Object value) {
            value(index, value);
            return race ? null : value;
        }
    }

    private final class OnFailure implements CheckedFunction1<Throwable, Object> {
        private static final long serialVersionUID = 1L;
        private final int index;

        OnFailure(int index) {
            this.index = index;
        }

        @Override
        public Object apply(Throwable failure) throws Throwable {
            failure(index, failure);
            if (race || consumeErrors) {
                return null;
            }
            throw failure;
        }
    }
}
