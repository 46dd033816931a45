package dev.deferred;

import io.vavr.CheckedFunction1;

/**
 * A chain entry added while a non-empty {@link DeferredContext} was current: the user's step, run
 * in that context whichever thread runs the chain. Steps added in the empty context are stored
 * bare, so code that uses no context never pays for this.
 */
final class ContextStep implements ChainStep, ChainStep.Wrapper {
    private final Object step;
    private final DeferredContext context;

    private ContextStep(Object step, DeferredContext context) {
        this.step = step;
        this.context = context;
    }

    /** Wraps one side of an entry; hand-offs and empty sides are left alone. */
    static Object wrap(Object step, DeferredContext context) {
        if (step == null || step instanceof HandOff) {
            return step;
        }
        return new ContextStep(step, context);
    }

    @Override
    public Object step() {
        return step;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object result, boolean failed) throws Throwable {
        Object token = DeferredContext.enter(context);
        try {
            if (step instanceof ChainStep s) {
                return s.apply(result, failed);
            }
            return ((CheckedFunction1<Object, Object>) step).apply(result);
        } finally {
            DeferredContext.exit(token);
        }
    }
}
