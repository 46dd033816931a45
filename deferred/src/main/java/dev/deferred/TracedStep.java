package dev.deferred;

import io.vavr.CheckedFunction1;

/**
 * A chain entry added in {@link Deferred#setDebugging(boolean) debug mode}: the user's step plus
 * where it was added. It notes on a failure's {@link AsyncTrail} that it received the failure, or
 * that it raised one. Outside debug mode steps are stored bare, so this costs nothing then.
 */
final class TracedStep implements ChainStep, ChainStep.Wrapper {
    private final Object step;
    private final Chain owner;
    private final String kind;
    /** Where the step was added: captured as a throwable, rendered only if a trail is printed. */
    private final Throwable added;

    private TracedStep(Object step, Chain owner, String kind, Throwable added) {
        this.step = step;
        this.owner = owner;
        this.kind = kind;
        this.added = added;
    }

    /** Wraps one side of an entry; hand-offs and empty sides are left alone. */
    static Object wrap(Object step, Chain owner, String kind, Throwable added) {
        if (step == null || step instanceof HandOff) {
            return step;
        }
        return new TracedStep(step, owner, kind, added);
    }

    /** The user's step: whether it may chain on a returned Deferred depends on it, not on the wrapper. */
    @Override
    public Object step() {
        return step;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object result, boolean failed) throws Throwable {
        if (failed) {
            AsyncTrail.note((Throwable) result, owner.debugName(), ": " + kind + " added at ", new AsyncTrail.Site(added), " received it");
        }
        try {
            if (step instanceof ChainStep s) {
                return s.apply(result, failed);
            }
            return ((CheckedFunction1<Object, Object>) step).apply(result);
        } catch (Throwable t) {
            if (t != result) {
                if (failed) {
                    AsyncTrail.inherit(t, (Throwable) result);
                }
                AsyncTrail.note(t, owner.debugName(), ": " + kind + " added at ", new AsyncTrail.Site(added), " raised it");
            }
            throw t;
        }
    }
}
