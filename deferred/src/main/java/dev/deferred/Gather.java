package dev.deferred;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * {@link Deferreds#gatherResults} on the {@link Aggregate} engine: one value slot per input, and
 * the first failure. Kept apart from {@link DeferredList} because the common case (all succeed)
 * then costs no {@code Try} per input and no second list.
 */
final class Gather<T> extends Aggregate {
    private static final Logger LOG = ErrorLog.logger(Deferreds.class);

    final Deferred<List<T>> result;
    private final boolean consumeErrors;
    /** values[i] is written once, by input i's report, before it arrives (see Aggregate). */
    private final Object[] values;

    Gather(List<Deferred<? extends T>> inputs, boolean consumeErrors) {
        super(inputs.size());
        this.consumeErrors = consumeErrors;
        // As Twisted's (a DeferredList underneath): cancel() only cancels the inputs, and the
        // result fires with whatever they then produce.
        this.result = new Deferred<>((ChainCancellation.InputsCanceller) self -> Inputs.cancelAll(inputs, null, LOG, "gatherResults"));
        this.values = new Object[inputs.size()];
    }

    /** Attaches to every input, in order; fired inputs report at once. */
    void start(List<Deferred<? extends T>> inputs) {
        if (inputs.isEmpty()) {
            result.callback(Collections.emptyList());
            return;
        }
        attach(inputs);
    }

    @Override
    @SuppressWarnings("unchecked")
    Object onValue(int index, Object value) {
        values[index] = value;
        if (arrive()) {
            fire(result, (List<T>) Collections.unmodifiableList(Arrays.asList(values)), null);
        }
        return value;
    }

    /** Any input but the one that completes the set only records its value. */
    @Override
    boolean reportQuietly(int index, Object value) {
        values[index] = value; // before the countdown, which publishes it to the last arrival
        return arriveUnlessLast();
    }

    @Override
    Object onFailure(int index, Throwable failure) throws Throwable {
        if (decide()) {
            fire(result, null, new FirstErrorException(index, failure));
        }
        if (consumeErrors) {
            return null;
        }
        throw failure;
    }
}
