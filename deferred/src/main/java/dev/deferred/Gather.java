package dev.deferred;

import io.vavr.CheckedFunction1;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of {@link Deferreds#gatherResults}: one value slot per input, filled by a callback on
 * that input, and the first failure. Kept apart from {@link DeferredList} because the common case
 * (all succeed) then costs no {@code Try} per input and no second list.
 */
final class Gather<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Deferreds.class);

    final Deferred<List<T>> result;
    private final boolean consumeErrors;

    /*
     * Guarded by this object's monitor (private: nobody else can lock it):
     *  - values[i] is written once, by input i's callback;
     *  - remaining counts the inputs that have not yet reported;
     *  - done turns true exactly once, when this object decides how `result` fires (all values,
     *    or the first failure); the thread that turns it fires `result` after leaving the
     *    monitor, so user callbacks never run under it. After done, reports only pass through.
     */
    private final Object[] values;
    private int remaining;
    private boolean done;

    Gather(List<Deferred<? extends T>> inputs, boolean consumeErrors) {
        this.consumeErrors = consumeErrors;
        this.result = new Deferred<>(self -> Inputs.cancelAll(inputs, null, LOG, "gatherResults"));
        int n = inputs.size();
        this.values = new Object[n];
        this.remaining = n;
    }

    /** Attaches to every input, in order; fired inputs report at once. */
    void attach(List<Deferred<? extends T>> inputs) {
        if (inputs.isEmpty()) {
            result.callback(Collections.emptyList());
            return;
        }
        for (int i = 0; i < inputs.size(); i++) {
            inputs.get(i).addCallbacks(new OnValue(i), new OnFailure(i));
        }
    }

    @SuppressWarnings("unchecked")
    private void value(int index, Object value) {
        List<T> list = null;
        synchronized (this) {
            values[index] = value;
            if (--remaining == 0 && !done) {
                done = true;
                list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
            }
        }
        if (list != null) {
            fire(list, null);
        }
    }

    private void failure(int index, Throwable failure) {
        boolean first;
        synchronized (this) {
            remaining--;
            first = !done;
            done = true;
        }
        if (first) {
            fire(null, new FirstErrorException(index, failure));
        }
    }

    private void fire(List<T> list, Throwable failure) {
        try {
            if (failure == null) {
                result.callback(list);
            } else {
                result.errback(failure);
            }
        } catch (AlreadyCalledException cancelled) {
            // `result` was cancelled and failed with the cancellation before this input reported.
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
            return value;
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
            if (consumeErrors) {
                return null;
            }
            throw failure;
        }
    }
}
