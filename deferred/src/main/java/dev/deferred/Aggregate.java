package dev.deferred;

import io.vavr.CheckedFunction1;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * "Attach to N inputs, decide once": the one engine under {@link DeferredList},
 * {@link Deferreds#gatherResults gatherResults} and {@link Deferreds#race race} (with
 * {@code fireOnOneCallback}). A subclass keeps its own per-input slots and says what an input's
 * value or failure means; this class attaches one step per input and decides, lock-free, which
 * single report fires the result.
 *
 * <p>Concurrency (lock-free: one atomic add per input on the common path, instead of a monitor
 * enter/exit pair; user callbacks never run under a lock):
 * <ul>
 *   <li>{@code remaining > 0} counts the inputs that have not {@linkplain #arrive arrived}; a
 *       subclass writes input i's slot once, by input i's report, before that report's update of
 *       {@code remaining}. The update that brings it to 0 therefore happens-after every slot write
 *       (the updates of one variable are totally ordered), so its thread may read every slot.</li>
 *   <li>{@code remaining <= 0} means decided: by the last arrival (0) or by a report that
 *       {@linkplain #decide decides early} (a large negative number, so later arrivals never bring
 *       it back up to 0). Exactly one report wins either way, and only its thread fires the
 *       result.</li>
 * </ul>
 */
abstract class Aggregate {
    private static final VarHandle REMAINING;

    static {
        try {
            REMAINING = MethodHandles.lookup().findVarHandle(Aggregate.class, "remaining", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Far enough below 0 that {@code n} more arrivals cannot reach 0 again. */
    private static final int DECIDED_EARLY = Integer.MIN_VALUE / 2;

    @SuppressWarnings("unused") // accessed through REMAINING
    private volatile int remaining;

    Aggregate(int inputs) {
        this.remaining = inputs;
    }

    /** Attaches one step per input, in order; fired inputs report at once, on this thread. */
    final void attach(List<? extends Deferred<?>> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            Slot slot = new Slot(i);
            inputs.get(i).enqueueOnly(slot, slot);
        }
    }

    /**
     * Input {@code index} fired with {@code value}.
     *
     * @return what that input's own chain carries on with
     */
    abstract Object onValue(int index, Object value);

    /**
     * Input {@code index} failed with {@code failure}.
     *
     * @return what that input's own chain carries on with ({@code null} consumes the failure)
     * @throws Throwable {@code failure}, to leave it with the input
     */
    abstract Object onFailure(int index, Throwable failure) throws Throwable;

    /**
     * An input reported without deciding anything on its own (after writing its slot).
     *
     * @return true for the one report that completes the set, whose thread fires the result
     */
    final boolean arrive() {
        return (int) REMAINING.getAndAdd(this, -1) == 1;
    }

    /**
     * Arrives, unless this would be the report that completes the set (or the outcome is decided
     * already): then changes nothing and returns false, and the report is made the usual way.
     */
    final boolean arriveUnlessLast() {
        int r;
        do {
            r = (int) REMAINING.getVolatile(this);
            if (r <= 1) {
                return false;
            }
        } while (!REMAINING.compareAndSet(this, r, r - 1));
        return true;
    }

    /**
     * Input {@code index} fired with {@code value}: reports it here if that needs no more than
     * recording it (no decision, no user code, input's own chain carries on with {@code value}
     * unchanged) and returns true; else returns false and the slot runs {@link #onValue} as usual
     * (recording the same value again is harmless). Called under the input's lock (see
     * ChainState.reportedQuietly), so it must not block or call out. By default: never.
     */
    boolean reportQuietly(int index, Object value) {
        return false;
    }

    /**
     * An input's report decides the outcome now (a first failure, a first success), unless it is
     * decided already.
     *
     * @return true for the one report that decides, whose thread fires the result
     */
    final boolean decide() {
        int r;
        do {
            r = (int) REMAINING.getVolatile(this);
            if (r <= 0) {
                return false;
            }
        } while (!REMAINING.compareAndSet(this, r, DECIDED_EARLY));
        return true;
    }

    /**
     * Fires {@code result} with the decided outcome; someone who fired it by hand (or a race's
     * cancellation that failed it) got there first, which leaves nothing to add.
     */
    static <R> void fire(Deferred<R> result, R value, Throwable failure) {
        try {
            if (failure == null) {
                result.callback(value);
            } else {
                result.errback(failure);
            }
        } catch (AlreadyCalledException firedBefore) {
            // nothing to add
        }
    }

    /**
     * Input {@code index}'s callback and errback in one object: a {@link ChainStep}, so the run
     * loop hands it the result together with its lane, and one object per input is enough. This
     * is the per-input hot path of every combinator.
     */
    final class Slot implements ChainStep, CheckedFunction1<Object, Object> {
        private static final long serialVersionUID = 1L;
        private final int index;

        Slot(int index) {
            this.index = index;
        }

        @Override
        public Object apply(Object result, boolean failed) throws Throwable {
            return failed ? onFailure(index, (Throwable) result) : onValue(index, result);
        }

        /** See {@link Aggregate#reportQuietly}. */
        boolean reportQuietly(Object value) {
            return Aggregate.this.reportQuietly(index, value);
        }

        /** Never called: the run loop dispatches a {@link ChainStep} through its two-argument apply. */
        @Override
        public Object apply(Object result) {
            throw new IllegalStateException("Aggregate.Slot must run as a ChainStep, which knows the result's lane");
        }
    }
}
