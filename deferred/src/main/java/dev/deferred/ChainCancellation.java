package dev.deferred;

import static dev.deferred.ChainState.CALLED;
import static dev.deferred.ChainState.CANCELLING;
import static dev.deferred.ChainState.RUNNING;
import static dev.deferred.ChainState.SUPPRESS_ONE;
import static dev.deferred.ChainState.WAITING;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Cancelling a Deferred: the rule state by state ({@link #cancelOne}), the walk down to the inner
 * Deferred that is actually waited on ({@link #cancelChain}), and the cancel() that arrives while
 * the chain runs, remembered and applied when it next waits ({@link #applyCancelRequest}). Static
 * methods on the Deferred they are given, in the Deferred's own lock protocol: a cancellation
 * changes the state under the lock, runs the canceller outside it, and leaves running the chain
 * to {@link Chain#runOwned}.
 */
final class ChainCancellation {
    private ChainCancellation() {}

    /**
     * A canceller that only passes the cancellation on to the operations behind this Deferred
     * (the inputs of a DeferredList or gatherResults): as in Twisted, this Deferred then fires with
     * whatever those produce, so it is not failed after the canceller returns, and every cancel()
     * before it fires passes the request on again.
     */
    interface InputsCanceller extends Consumer<Object> {}

    /** cancelOne's hook for a plain cancel(): nothing to run when the cancellation takes effect. */
    static final Consumer<Object> NO_HOOK = self -> {};

    /**
     * Cancels {@code d}; returns the inner Deferred to cancel next when it is waiting on one.
     * {@code hook} runs (with {@code d}, under its lock, so it must only write a field) just
     * before the cancellation takes effect here, and never if it does not: addTimeout uses it to
     * know whether its deadline cancelled anything.
     *
     * <p>Callers loop until it returns null ({@link #cancelChain}), passing the same hook on, so
     * the hook runs where the cancellation takes effect, however deep the waiting goes.
     *
     * <p>The rule, state by state (Twisted's, plus the one case threads add):
     * <ul>
     *   <li>unfired: the canceller runs (once), then the Deferred fails with the cancellation if
     *       the canceller did not fire it;</li>
     *   <li>waiting on an inner Deferred: that one is cancelled instead;</li>
     *   <li>fired and at rest (or paused): nothing; the operation is over;</li>
     *   <li>fired and running its callbacks: single-threaded Twisted can only get here from one of
     *       the chain's own callbacks, where the request does nothing. With threads a cancel() from
     *       another thread lands here whenever it races a callback, so a no-op would silently lose
     *       it. The request is therefore remembered (in the canceller field, free once fired) and
     *       applied when the owner next makes the chain wait on an inner Deferred: that inner one is
     *       cancelled then. If the owner lets the chain come to rest with a result instead, the
     *       request lapses, exactly as a cancel() that arrived just after would have done.</li>
     * </ul>
     */
    static Chain cancelOne(Chain d, Consumer<Object> hook) {
        Consumer<Object> c;
        boolean run = false;
        d.lock();
        try {
            if ((d.flags & CALLED) != 0) {
                if ((d.flags & WAITING) != 0) {
                    return (Chain) d.result;   // the caller passes the same hook on to it
                }
                if ((d.flags & RUNNING) != 0) {
                    d.canceller = joinHooks(d.canceller, hook);
                }
                return null;
            }
            if ((d.flags & CANCELLING) != 0) {
                return null;
            }
            hook.accept(d);
            c = d.canceller;
            if (c == null) {
                d.flags |= SUPPRESS_ONE;
                run = d.fireLocked(new CancellationException("Deferred was cancelled"), true);
            } else if (!(c instanceof InputsCanceller)) {
                d.flags |= CANCELLING;
            }
        } finally {
            d.unlock();
        }
        if (c == null) {
            if (run) {
                Chain.runOwned(d, null, 0, Chain.NO_STEP, null);
            }
            return null;
        }
        c.accept(d);
        if (c instanceof InputsCanceller) {
            return null;
        }
        d.lock();
        try {
            if ((d.flags & CALLED) != 0) {
                return null;
            }
            run = d.fireLocked(new CancellationException("Deferred was cancelled"), true);
        } finally {
            d.unlock();
        }
        if (run) {
            Chain.runOwned(d, null, 0, Chain.NO_STEP, null);
        }
        return null;
    }

    /** Cancels {@code deferred}, or what it waits on, however deep: Deferred.cancel() and addTimeout. */
    static void cancelChain(Chain deferred, Consumer<Object> hook) {
        Chain d = deferred;
        while (d != null) {
            d = cancelOne(d, hook);
        }
    }

    /**
     * Applies a cancel() that arrived while {@code deferred}'s chain ran, now that its owner has made it wait:
     * the same path as a cancel() arriving now, so it reaches the inner Deferred (or, if the inner
     * one has already handed its result over and the chain runs again, is remembered again).
     * Called by the owner after it has let go; a canceller that throws here has no caller to
     * throw to, so it is logged.
     */
    static void applyCancelRequest(Chain deferred, Consumer<Object> hook) {
        try {
            cancelChain(deferred, hook);
        } catch (Throwable t) {
            Failures.rethrowIfFatal(t);
            ErrorLog.logger(Deferred.class).error(
                    "A canceller threw while {} passed on a cancel() requested during a callback", deferred.identity(), t);
        }
    }

    /** Two cancel requests that arrived while running: both hooks run when it is applied. */
    private static Consumer<Object> joinHooks(Consumer<Object> pending, Consumer<Object> hook) {
        if (pending == null || pending == NO_HOOK) {
            return hook;
        }
        return hook == NO_HOOK ? pending : pending.andThen(hook);
    }
}
