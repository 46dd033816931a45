package dev.deferred;

import io.vavr.CheckedFunction1;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The machinery under {@link Deferred}: the thread-safe run loop that carries a result down the
 * chain, and the hand-offs that resolve chaining without recursion, over the state and lock of
 * {@link ChainState}. {@code Deferred} adds the public, typed API and its documentation on top;
 * everything here is package-private.
 */
abstract class Chain extends ChainState {

    // The constructor that sets ChainState's fields is here rather than in ChainState: the creation
    // stack captured in debug mode then folds the same two library frames (Chain's and Deferred's
    // constructors) that it did before the two were split, rather than three.
    Chain(Consumer<Object> canceller) {
        if (debugging) {
            diag = new DebugInfo(new Throwable("creation"));
            PendingDeferreds.register(this);
        }
        this.canceller = canceller;
    }

    // ------------------------------------------------------------------ firing

    /** Fires with a value or failure and runs the chain on this thread. */
    final void fire(Object value, boolean failed) {
        Object[] batch;
        int end;
        HandOff pass;
        lock();
        try {
            if (!fireLocked(value, failed)) {
                return;
            }
            pass = passThrough();
            if (pass == null && !failed && reportedQuietly(value)) {
                return;
            }
            batch = steps;
            end = tail;
        } finally {
            unlock();
        }
        if (pass != null) {
            passOn(pass, value, failed);
            return;
        }
        runOwned(this, batch, end, NO_STEP, null);
    }

    /**
     * Gives {@code value} to the waiter of {@code h}, which {@code this} took out with
     * {@link #passThrough}; through each waiter that only passes it on again, down to the first one
     * with entries of its own, which this thread then owns and runs.
     */
    private void passOn(HandOff h, Object value, boolean failed) {
        Chain from = this;
        for (;;) {
            Chain target = h.target;
            if (failed && debugging) {
                AsyncTrail.note((Throwable) value, from.debugName(), " handed it to ", target.debugName(), ", which was waiting on it");
            }
            Object r = target.receiveAwaited(h, value, failed);
            if (r == OWNED) {
                Object[] batch = h.batch;
                h.batch = null;
                runOwned(target, batch, h.end, NO_STEP, null);
                return;
            }
            if (!(r instanceof HandOff next)) {
                return;
            }
            from = target;
            h = next;
        }
    }

    /**
     * Fires a Deferred that its creator has not published yet: {@link Deferred#succeed} and
     * {@link Deferred#fail}, between the constructor and their return. Nothing to run, nothing to
     * contend with, so no lock: plain writes, then one release store of {@code flags}.
     *
     * <p>Why that is sound: the object was allocated by the calling method and no reference to it
     * has left this thread (the constructor leaks {@code this} only in debug mode, to
     * PendingDeferreds' registry, and then this method takes the locked path). Another thread can
     * only reach it after the factory returns, through some publication by its creator. Every
     * access another thread makes to the state starts with {@link #lock()}, whose acquiring CAS
     * reads {@code flags}: a CAS reads the latest write in the field's modification order, so it
     * reads this release store (or a later one) and synchronizes with it, which makes
     * {@code result} (and the unhandled-error report) visible even when the Deferred was handed
     * over by a data race; a reader that first sees a stale {@code flags} fails that CAS and
     * reads again. (isPaused reads {@code flags} without the lock, for the pause bits, still 0.)
     * jcstress: SucceedHandOffTest.
     */
    final void fireUnpublished(Object value, boolean failed) {
        if (diag != null || debugging) {
            fire(value, failed); // records the invocation stack, as every fire does in debug mode
            return;
        }
        int f = failed ? CALLED | FAILED : CALLED;
        result = value;
        flags = f;
        if (failed) {
            noteRestingResult();
        }
        FLAGS.setRelease(this, f);
    }

    // ------------------------------------------------------------------ adding, unpausing

    /** Appends an entry, and runs it now if the chain is fired and idle. */
    final void enqueue(Object cb, Object eb) {
        enqueue(cb, eb, 6);
    }

    /**
     * {@link #enqueue(Object, Object)} for a step that is most likely the only one this Deferred
     * will get (a combinator's slot on its input): if it needs an entries array, a one-entry one.
     */
    final void enqueueOnly(Object cb, Object eb) {
        enqueue(cb, eb, 2);
    }

    private void enqueue(Object cb, Object eb, int firstCapacity) {
        if (DeferredContext.inUse) {
            // The step runs in the context current now, wherever it runs (see DeferredContext);
            // in the empty context it is stored bare, so code without contexts pays one field read.
            DeferredContext context = DeferredContext.current();
            if (!context.isEmpty()) {
                if (eb == DeferredStep.BARE_CALLBACK) {
                    cb = DeferredStep.ofBareCallback(cb);
                    eb = null;
                }
                if (cb == eb) {
                    cb = eb = ContextStep.wrap(cb, context);
                } else {
                    cb = ContextStep.wrap(cb, context);
                    eb = ContextStep.wrap(eb, context);
                }
            }
        }
        if (debugging) {
            // Debug mode: remember where each step was added, for the failure trail (AsyncTrail).
            Throwable added = new Throwable("step added");
            if (eb == DeferredStep.BARE_CALLBACK) {
                cb = DeferredStep.ofBareCallback(cb);
                eb = null;
            }
            if (cb == eb) {
                cb = eb = TracedStep.wrap(cb, this, "step", added);
            } else {
                cb = TracedStep.wrap(cb, this, "callback", added);
                eb = TracedStep.wrap(eb, this, "errback", added);
            }
        }
        Object[] batch;
        int end;
        lock();
        try {
            boolean idle = (flags & (CALLED | RUNNING | WAITING | PAUSED)) == CALLED;
            if (idle && head == tail) {
                // Fired, idle, nothing queued: run the entry at once without storing it, which
                // saves the entries array for the common "add to a fired Deferred" case.
                flags |= RUNNING;
            } else {
                append(cb, eb, firstCapacity);
                if (!idle) {
                    return;
                }
                flags |= RUNNING;
                cb = NO_STEP;
            }
            batch = steps;
            end = tail;
        } finally {
            unlock();
        }
        if (cb == NO_STEP) {
            runOwned(this, batch, end, NO_STEP, null);
        } else {
            runAlone(cb, eb);
        }
    }

    /**
     * Runs the one entry added to a fired, idle Deferred with nothing queued, which this thread
     * has just taken ownership of: the "add to a fired Deferred" case. A plain function (the user's
     * own, no wrapper) runs right here and its result is stored with one more trip through the
     * lock; anything else, or entries that arrived meanwhile, go to the run loop.
     */
    @SuppressWarnings("unchecked")
    private void runAlone(Object cb, Object eb) {
        Object res = result; // ours: see drain
        boolean failed = (flags & FAILED) != 0;
        boolean errbackLane = failed;
        Object step = failed ? eb : cb;
        if (step == null || step instanceof ChainStep || step instanceof HandOff
                || eb == DeferredStep.BARE_CALLBACK) {
            runOwned(this, null, 0, cb, eb);
            return;
        }
        try {
            res = ((CheckedFunction1<Object, Object>) step).apply(res);
            failed = false;
        } catch (Throwable t) {
            if (Failures.isFatal(t)) {
                // As drain: the chain stays as it was before the step, let go, and the error propagates.
                lock();
                try {
                    flags &= ~RUNNING;
                    dropCancelRequest();
                    noteRestingResult();
                } finally {
                    unlock();
                }
                throw Failures.<RuntimeException>sneaky(t);
            }
            res = t;
            failed = true;
        }
        if (!failed && res instanceof Chain) {
            res = returnedDeferred(step, errbackLane);
            failed = true;
        }
        lock();
        try {
            result = res;
            flags = failed ? flags | FAILED : flags & ~FAILED;
            if ((flags & PAUSED) != 0 || head == tail) {
                flags &= ~RUNNING;
                dropCancelRequest();
                noteRestingResult();
                return;
            }
        } finally {
            unlock();
        }
        runOwned(this, null, 0, NO_STEP, null); // entries added meanwhile (or by the step itself)
    }

    /** runOwned's "no entry to run before the queued ones". */
    static final Object NO_STEP = new Object();

    /** Undoes one pause; runs the rest of a fired chain at zero. */
    final void unpauseOnce() {
        boolean run;
        lock();
        try {
            if ((flags & PAUSED) == 0) {
                throw new IllegalStateException("unpause() without a matching pause(): " + identity() + " is not paused");
            }
            flags -= PAUSE;
            run = (flags & (CALLED | RUNNING | WAITING | PAUSED)) == CALLED && head != tail;
            if (run) {
                flags |= RUNNING;
            }
        } finally {
            unlock();
        }
        if (run) {
            runOwned(this, null, 0, NO_STEP, null);
        }
    }

    // ------------------------------------------------------------------ the run loop

    /**
     * Runs chains starting with {@code start}, which this thread owns. Hand-offs switch the loop to
     * the Deferred that received a result (Twisted's explicit stack), so nesting depth costs heap,
     * never stack. A Deferred left with entries when the loop switched away is revisited after the
     * one it handed to is done, as Twisted does.
     *
     * <p>{@code batch}/{@code end}: the entries array and tail the caller read under the lock
     * when it took ownership, saving the loop a second trip through the lock; null to read
     * them afresh. {@code firstCb}/{@code firstEb}: an entry to run before the queued ones, never
     * stored ({@link #NO_STEP} for none).
     */
    static void runOwned(Chain start, Object[] batch, int end, Object firstCb, Object firstEb) {
        Chain d = start;
        Switch[] revisit = null;
        int depth = 0;
        try {
            for (;;) {
                Object next = d.drain(batch, end, firstCb, firstEb);
                batch = null;
                firstCb = NO_STEP;
                if (next instanceof HandOff h) {
                    // The hand-off took the target's entries under the target's lock when it made
                    // the target ours: start on them without another trip through that lock.
                    d = h.target;
                    batch = h.batch;
                    end = h.end;
                    h.batch = null;
                    continue;
                }
                if (next instanceof Switch s) {
                    if (revisit == null) {
                        revisit = new Switch[8];
                    } else if (depth == revisit.length) {
                        revisit = Arrays.copyOf(revisit, depth * 2);
                    }
                    revisit[depth++] = s;
                    d = s.to;
                    continue;
                }
                // d was let go. Resume the most recent Deferred that still had entries: one we kept
                // (chainDeferred) is still ours; one we let go we must own again first.
                d = null;
                while (depth > 0 && d == null) {
                    Switch candidate = revisit[--depth];
                    revisit[depth] = null;
                    if (candidate.kept || candidate.from.reacquire()) {
                        d = candidate.from;
                    }
                }
                if (d == null) {
                    return;
                }
            }
        } catch (Throwable fatal) {
            // Only a fatal error gets here (drain turns every other throwable into a failure). The
            // Deferreds we kept are let go as they are, so that they are not stuck as running.
            while (depth > 0) {
                Switch s = revisit[--depth];
                if (s.kept) {
                    s.from.letGo();
                }
            }
            throw fatal;
        }
    }

    /**
     * A hand-off that leaves entries behind in {@code from}: run {@code to}, then revisit
     * {@code from}. {@code kept}: {@code from} is still owned by this thread (RUNNING stays set).
     */
    private record Switch(Chain from, Chain to, boolean kept) {}

    /** Releases a Deferred this thread kept across a chainDeferred hand-off, leaving its entries. */
    private void letGo() {
        lock();
        try {
            flags &= ~RUNNING;
            dropCancelRequest();
            noteRestingResult();
        } finally {
            unlock();
        }
    }

    /** Takes ownership of a Deferred that was left with entries, if nobody else has run them. */
    private boolean reacquire() {
        lock();
        try {
            if ((flags & (CALLED | RUNNING | WAITING | PAUSED)) == CALLED && head != tail) {
                flags |= RUNNING;
                return true;
            }
            return false;
        } finally {
            unlock();
        }
    }

    /**
     * Runs this Deferred's entries; this thread owns it. Returns null once it has let go of it,
     * or, when it handed its result to a Deferred it now owns instead, the {@link HandOff} (whose
     * target and entry snapshot say where to go on), or a {@link Switch} if this one still has
     * entries to come back to.
     */
    @SuppressWarnings("unchecked")
    private Object drain(Object[] batch, int batchEnd, Object firstCb, Object firstEb) {
        // The owner took RUNNING under the lock, after the last write to result/FAILED/head by
        // anyone else, and nobody else writes them while RUNNING: reading them bare is safe.
        Object res = result;
        boolean failed = (flags & FAILED) != 0;
        int i = head;
        Object[] arr = batch;
        int end = batch == null ? i : batchEnd;
        boolean first = firstCb != NO_STEP;
        for (;;) {
            Object step;
            // The entry's other side, on the callback lane: BARE_CALLBACK marks `step` as an
            // addCallbackDeferred function stored bare (see DeferredStep.BARE_CALLBACK).
            Object mark;
            if (first) {
                first = false;
                step = failed ? firstEb : firstCb;
                mark = failed ? null : firstEb;
            } else {
                if (i == end || ((int) FLAGS.getOpaque(this) & PAUSED) != 0) {
                    lock();
                    try {
                        result = res;
                        flags = failed ? flags | FAILED : flags & ~FAILED;
                        consumeTo(i);
                        i = head;
                        if ((flags & PAUSED) != 0 || i == tail) {
                            flags &= ~RUNNING;
                            dropCancelRequest();
                            noteRestingResult();
                            return null;
                        }
                        arr = steps;
                        end = tail;
                    } finally {
                        unlock();
                    }
                }
                if (failed) {
                    step = arr[i + 1];
                    mark = null;
                } else {
                    step = arr[i];
                    mark = arr[i + 1];
                }
                i += 2;
            }
            if (step == null || step == DeferredStep.BARE_CALLBACK) {
                continue; // an empty side, or a bare addCallbackDeferred's errback side: pass by
            }
            if (step instanceof HandOff h) {
                Chain target = h.target;
                boolean own;
                if (failed && debugging) {
                    if (h.awaited()) {
                        AsyncTrail.note((Throwable) res, debugName(), " handed it to ", target.debugName(), ", which was waiting on it");
                    } else {
                        AsyncTrail.note((Throwable) res, debugName(), " passed it to ", target.debugName(), " (chainDeferred)");
                    }
                }
                if (h.awaited()) {
                    Object r = target.receiveAwaited(h, res, failed);
                    while (r instanceof HandOff next) {
                        // target only passed it on (passThrough): it is at rest; on to its waiter.
                        if (failed && debugging) {
                            AsyncTrail.note((Throwable) res, target.debugName(), " handed it to ",
                                    next.target.debugName(), ", which was waiting on it");
                        }
                        h = next;
                        target = next.target;
                        r = target.receiveAwaited(h, res, failed);
                    }
                    own = r == OWNED;
                    res = null;
                    failed = false;
                } else {
                    try {
                        target.lock();
                        try {
                            own = target.fireLocked(res, failed);
                            if (own) {
                                h.snapshot(target.steps, target.tail);
                            }
                        } finally {
                            target.unlock();
                        }
                        res = null;
                        failed = false;
                    } catch (AlreadyCalledException e) {
                        own = false;
                        res = e;
                        failed = true;
                    }
                }
                if (own) {
                    boolean more;
                    // chainDeferred: like Twisted, where this Deferred is still inside the callback
                    // that fires the target, it stays ours (RUNNING) while the target's chain runs,
                    // so callbacks added to it meanwhile queue up behind its remaining entries.
                    // An awaited hand-off has finished this Deferred's step: let it go.
                    boolean keep;
                    lock();
                    try {
                        result = res;
                        flags = failed ? flags | FAILED : flags & ~FAILED;
                        consumeTo(i);
                        more = head != tail;
                        keep = !h.awaited();
                        if (!keep) {
                            flags &= ~RUNNING;
                            dropCancelRequest();
                            noteRestingResult();
                        }
                    } finally {
                        unlock();
                    }
                    return more || keep ? new Switch(this, target, keep) : h;
                }
                continue;
            }
            try {
                if (step instanceof ChainStep s) {
                    res = s.apply(res, failed);
                } else {
                    res = ((CheckedFunction1<Object, Object>) step).apply(res);
                }
            } catch (Throwable t) {
                if (Failures.isFatal(t)) {
                    lock();
                    try {
                        result = res;
                        flags = (failed ? flags | FAILED : flags & ~FAILED) & ~RUNNING;
                        consumeTo(i);
                        dropCancelRequest();
                        noteRestingResult();
                    } finally {
                        unlock();
                    }
                    throw Failures.<RuntimeException>sneaky(t);
                }
                res = t;
                failed = true;
                continue;
            }
            if (!(res instanceof Chain inner)) {
                if (res == null && mark == DeferredStep.BARE_CALLBACK) {
                    res = DeferredStep.returnedNull("addCallbackDeferred");
                    failed = true;
                    continue;
                }
                failed = false;
            } else {
                // The rare path: only a Deferred-returning step may hand back a Deferred (types
                // never lie); `failed` still tells the lane the step was taken from.
                Object bare = ChainStep.unwrap(step); // debug mode and contexts wrap steps
                if (mark != DeferredStep.BARE_CALLBACK && !(bare instanceof ChainStep.Chaining)) {
                    res = returnedDeferred(bare, failed);
                    failed = true;
                    continue;
                }
                failed = false;
                if (inner == this) {
                    res = new IllegalStateException(identity()
                            + ": a callback returned the Deferred it was added to, which would wait on itself forever");
                    failed = true;
                    continue;
                }
                Object taken = inner.takeOrAwait(this);
                if (taken != AWAITING) {
                    if (taken instanceof TakenFailure tf) {
                        res = tf.failure();
                        failed = true;
                        if (debugging) {
                            AsyncTrail.note(tf.failure(), debugName(), " took it from ", inner.debugName(),
                                    ", which a callback returned");
                        }
                    } else {
                        res = taken;
                    }
                    continue;
                }
                Consumer<Object> cancelRequest;
                lock();
                try {
                    consumeTo(i);
                    i = head;
                    arr = steps;
                    end = tail;
                    if ((flags & ARRIVED) != 0) {
                        // The inner Deferred fired on another thread before we got here.
                        flags &= ~ARRIVED;
                        res = result;
                        failed = (flags & FAILED) != 0;
                        continue;
                    }
                    result = inner;
                    flags = (flags | WAITING) & ~(FAILED | RUNNING);
                    noteRestingResult();
                    cancelRequest = canceller;
                    canceller = null;
                } finally {
                    unlock();
                }
                if (cancelRequest != null) {
                    ChainCancellation.applyCancelRequest(this, cancelRequest);
                }
                return null;
            }
        }
    }

    /**
     * The failure of a plain step (addCallback, addErrback, addBoth, addCallbacks, a timeout's
     * onTimeoutCancel) whose function returned a Deferred: its static type would claim a
     * {@code Deferred<Deferred<R>>} while Twisted's chaining would carry an {@code R}, so the
     * chain fails here, naming the step that waits on a returned Deferred.
     */
    private IllegalStateException returnedDeferred(Object step, boolean errbackLane) {
        String used;
        String use;
        if (step instanceof ChainStep s) {
            used = s.methodName();
            use = s.deferredMethodName();
        } else if (errbackLane) {
            used = "addErrback (or addCallbacks)";
            use = "addErrbackDeferred";
        } else {
            used = "addCallback (or addCallbacks)";
            use = "addCallbackDeferred";
        }
        return new IllegalStateException(identity() + ": the function given to " + used
                + " returned a Deferred; use " + use + " to wait on a returned Deferred");
    }
}
