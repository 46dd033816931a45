package dev.deferred;

import io.vavr.CheckedFunction1;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * The engine of {@link Deferreds#gatherResults}: one value slot per input, filled by a callback on
 * that input, and the first failure. Kept apart from {@link DeferredList} because the common case
 * (all succeed) then costs no {@code Try} per input and no second list.
 */
final class Gather<T> {
    private static final Logger LOG = ErrorLog.logger(Deferreds.class);

    final Deferred<List<T>> result;
    private final boolean consumeErrors;

    /*
     * Lock-free, because this is the per-input hot path (one atomic add per input instead of a
     * monitor enter/exit pair):
     *  - values[i] is written once, by input i's callback, before that callback's update of
     *    `remaining`; the update that brings `remaining` to 0 therefore happens-after every
     *    value write (the updates of one variable are totally ordered), so its thread may read
     *    the whole array;
     *  - remaining > 0 counts the inputs that have not yet reported; 0 means all values are in
     *    and `result` fires with them; a negative value means a failure won and `result` fails
     *    with it. Exactly one thread makes the move to 0 or to negative, and only that thread
     *    fires `result` — with no lock held, so user callbacks never run under one.
     */
    private static final VarHandle REMAINING;

    static {
        try {
            REMAINING = MethodHandles.lookup().findVarHandle(Gather.class, "remaining", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] values;
    @SuppressWarnings("unused") // accessed through REMAINING
    private volatile int remaining;

    Gather(List<Deferred<? extends T>> inputs, boolean consumeErrors) {
        this.consumeErrors = consumeErrors;
        // As Twisted's (a DeferredList underneath): cancel() only cancels the inputs, and the
        // result fires with whatever they then produce.
        this.result = new Deferred<>((Chain.InputsCanceller) self -> Inputs.cancelAll(inputs, null, LOG, "gatherResults"));
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
            Slot slot = new Slot(i);
            inputs.get(i).addCallbacks(slot, slot);
        }
    }

    @SuppressWarnings("unchecked")
    private void value(int index, Object value) {
        values[index] = value;
        if ((int) REMAINING.getAndAdd(this, -1) == 1) {
            fire((List<T>) Collections.unmodifiableList(Arrays.asList(values)), null);
        }
    }

    private void failure(int index, Throwable failure) {
        int r;
        do {
            r = (int) REMAINING.getVolatile(this);
            if (r <= 0) {
                return; // already decided (a failure won before, or a duplicate input)
            }
        } while (!REMAINING.compareAndSet(this, r, Integer.MIN_VALUE / 2));
        fire(null, new FirstErrorException(index, failure));
    }

    private void fire(List<T> list, Throwable failure) {
        try {
            if (failure == null) {
                result.callback(list);
            } else {
                result.errback(failure);
            }
        } catch (AlreadyCalledException firedByHand) {
            // Someone fired `result` themselves before this input reported: nothing to add.
        }
    }

    /**
     * Input {@code index}'s callback and errback in one object: it is a {@link ChainStep}, so the
     * run loop hands it the result together with its lane, and one object (instead of a callback
     * and an errback) per input is enough. This is the per-input hot path of gatherResults.
     */
    private final class Slot implements ChainStep, CheckedFunction1<Object, Object> {
        private static final long serialVersionUID = 1L;
        private final int index;

        Slot(int index) {
            this.index = index;
        }

        @Override
        public Object apply(Object result, boolean failed) throws Throwable {
            if (!failed) {
                value(index, result);
                return result;
            }
            Throwable failure = (Throwable) result;
            failure(index, failure);
            if (consumeErrors) {
                return null;
            }
            throw failure;
        }

        /** Never called: the run loop dispatches a {@link ChainStep} through its two-argument apply. */
        @Override
        public Object apply(Object result) {
            throw new IllegalStateException("Gather.Slot must run as a ChainStep, which knows the result's lane");
        }
    }
}
