package dev.deferred;

import io.vavr.CheckedFunction1;
import io.vavr.control.Try;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One run of an inline body: the {@link InlineCallbacks.Coroutine} handed to it, the Deferred it
 * fires, and the protocol that suspends it at an await and resumes it where the awaited Deferred
 * fires. How the body is actually suspended is its {@link Strand}'s business.
 *
 * <p>The protocol, per await (see {@link Waiter}): the body registers a waiter on the Deferred. If
 * the Deferred has a result, the waiter runs at once, inside {@code addBoth}, and the body goes on
 * without suspending. Otherwise the body suspends; the thread that drove it (see {@link #drive})
 * then marks the waiter SUSPENDED. From then on the waiter, when the Deferred fires, drives the body
 * itself, on the firing thread, before the firing call returns. If the Deferred fires on another
 * thread after the body decided to suspend but before the driver marked it (a race between
 * threads only), the driver sees ARRIVED instead and resumes the body at once on its own thread.
 *
 * @param <R> the body's result type
 */
final class InlineBody<R> implements InlineCallbacks.Coroutine {

    private final Deferred<R> result;
    private final Strand strand;
    private CheckedFunction1<? super InlineCallbacks.Coroutine, ? extends R> fn;

    /*
     * Written by the body (on whatever thread runs it), read by its driver after the strand has
     * handed control back; the strand's hand-off (same thread, or the virtual-thread baton) orders
     * these writes before the reads.
     */
    private Waiter waiting;
    private boolean finished;
    private Object value;
    private Throwable failure;
    private Throwable fatal;
    /**
     * Set by a driver whose step gave the body up ({@link InlineDeadlockException}); read by that
     * same thread only. The body's own outcome fields are then never read again: the abandoned
     * body may still write them, on its own thread.
     */
    private Throwable abandonedWith;

    /** DeferredContext hook: the context of the run call, which the body runs in (see runBody, drive, await). */
    private final DeferredContext context = DeferredContext.current();

    /*
     * Cancellation state, guarded by this object's monitor. `target` is the Deferred the body's
     * outcome will fire: `result` at first, then a fresh one after each cancellation (the previous
     * one waits on it), so a body that catches a cancellation and goes on still fires `result` when
     * it ends. `completed` is set once the body has finished and its driver has taken the target.
     */
    private Deferred<R> target;
    private boolean completed;
    /** The Deferred of the body's latest await; a cancellation cancels it. Read by any thread. */
    private volatile Deferred<?> awaiting;

    InlineBody(CheckedFunction1<? super InlineCallbacks.Coroutine, ? extends R> fn, boolean continuations) {
        this(fn, continuations ? Mechanism.CONTINUATION : Mechanism.VIRTUAL_THREAD);
    }

    /** The strands a body can run on. */
    enum Mechanism { CONTINUATION, VIRTUAL_THREAD, WOVEN }

    InlineBody(CheckedFunction1<? super InlineCallbacks.Coroutine, ? extends R> fn, Mechanism mechanism) {
        this.fn = fn;
        this.result = newTarget();
        this.target = result;
        this.strand = switch (mechanism) {
            case CONTINUATION -> new ContinuationStrand(this);
            case VIRTUAL_THREAD -> new VirtualThreadStrand(this);
            case WOVEN -> new WovenStrand(this);
        };
    }

    Strand strand() {
        return strand;
    }

    /** The waiter of the body's latest await that did not take a result at once; read by its strand. */
    Waiter waiting() {
        return waiting;
    }

    Deferred<R> result() {
        return result;
    }

    String mechanism() {
        return strand.kind();
    }

    /** See {@link Strand#drivingThread()}; called by the body's own code only. */
    Thread drivingThread() {
        return strand.drivingThread();
    }

    // ------------------------------------------------------------------ running

    /**
     * The strand's entry point: runs the whole body, recording how it ended. A woven body's strand
     * calls it once per slice: the slice that returns at an await is not the body's end.
     */
    void runBody() {
        // DeferredContext hook: the body's code runs in the context of its run call (on the
        // virtual-thread mechanism this is the body's own thread, which keeps it across awaits; a
        // woven body's later slices run in the context it had when it suspended).
        Object contextToken = DeferredContext.enter(strand.sliceContext(context));
        try {
            Object r = strand.runSlice(fn, this);
            if (strand.sliceSuspended()) {
                return;
            }
            if (r instanceof Deferred<?>) {
                failure = new IllegalArgumentException("an inline body returned a Deferred; return co.await(thatDeferred)"
                        + " to finish with its result");
            } else {
                value = r;
            }
        } catch (Throwable t) {
            if (Failures.isFatal(t)) {
                fatal = t;
            } else {
                failure = t;
            }
        } finally {
            DeferredContext.exit(contextToken);
        }
        fn = null;
        finished = true;
    }

    /**
     * Runs the body on this thread's turn until it suspends at an await of an unfired Deferred
     * or finishes; a finished body fires its Deferred. Called by {@code run} and by the waiter of
     * the Deferred the body was suspended on.
     */
    void drive() {
        InlineThreadState me = InlineThreadState.get();
        // The body's own code starts a fresh context: completions it causes fire synchronously.
        int depth = Trampoline.COMPLETIONS.enterFresh();
        // DeferredContext hook: a slice run on this thread (continuations) leaves its context as it found it.
        DeferredContext outer = DeferredContext.current();
        try {
            for (;;) {
                try {
                    strand.step(me);
                } catch (InlineDeadlockException e) {
                    abandonedWith = e;
                    break;
                }
                if (finished) {
                    break;
                }
                if (waiting.suspended()) {
                    return;
                }
                // ARRIVED: the result came while the body was suspending; resume it here at once.
            }
        } finally {
            Trampoline.COMPLETIONS.restore(depth);
            DeferredContext.set(outer);
        }
        complete();
    }

    /**
     * Fires the finished body's Deferred through {@link Trampoline#COMPLETIONS}: when this thread
     * is already firing finished bodies' Deferreds that deep (a long chain of nested bodies
     * unwinding), the firing is queued and the outermost one runs it, so the unwinding takes
     * bounded stack.
     */
    private void complete() {
        if (abandonedWith == null && fatal != null) {
            // As the core does with fatal errors from callbacks: they propagate, nothing is fired.
            throw Failures.<RuntimeException>sneaky(fatal);
        }
        Trampoline.COMPLETIONS.run(this::fireTarget);
    }

    private void fireTarget() {
        Deferred<R> t;
        synchronized (this) {
            completed = true;
            t = target;
        }
        try {
            if (abandonedWith != null) {
                t.errback(abandonedWith);
            } else if (failure != null) {
                t.errback(failure);
            } else {
                @SuppressWarnings("unchecked")
                R v = (R) value;
                t.callback(v);
            }
        } catch (AlreadyCalledException cancelledFirst) {
            // A cancel() on another thread found the target unfired a moment ago and failed it
            // with the cancellation: the race went to the cancel.
        }
    }

    // ------------------------------------------------------------------ await

    @Override
    public <T> T await(Deferred<? extends T> deferred) throws Throwable {
        Object r = begin(deferred, false);
        if (r == PENDING) {
            Waiter w = waiting;
            DeferredContext mine = DeferredContext.current(); // DeferredContext hook: see below
            boolean suspended = strand.suspend();
            // The body may resume on another thread (continuations): give it back its context.
            DeferredContext.set(mine);
            if (!suspended && w.abandon()) {
                throw new IllegalStateException("co.await() cannot suspend the inline body here ("
                        + strand.whyNotSuspended() + "): do not await inside a class initializer or a native"
                        + " call; the Deferred's result will be dropped");
            }
            r = w.result();
        }
        @SuppressWarnings("unchecked")
        T v = (T) r;
        return v;
    }

    /** What {@link #begin} returns when the body must suspend: its waiter is in {@link #waiting}. */
    static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "PENDING";
        }
    };

    /**
     * An await in code the weaver transformed: the value or failure of a Deferred that has one (at
     * once, no suspension), or {@link #PENDING} with the waiter registered, for the woven code to
     * save its frame and return. On a strand that is not woven (the woven code was handed a
     * handle of another mechanism's body) this is a plain await.
     */
    Object awaitWoven(Deferred<?> deferred) throws Throwable {
        return strand instanceof WovenStrand ? begin(deferred, true) : await(deferred);
    }

    /**
     * The part of an await that is the same on every strand: checks, a fired Deferred's result
     * taken at once, else a waiter registered on the Deferred; returns the result, or
     * {@link #PENDING} when the body must suspend.
     */
    private Object begin(Deferred<?> deferred, boolean woven) throws Throwable {
        if (deferred == null) {
            throw new NullPointerException("co.await(null): pass the Deferred to wait for");
        }
        InlineBody<?> running = InlineThreadState.get().current;
        if (running != this) {
            throw misuse(running);
        }
        if (deferred == result) {
            throw new IllegalArgumentException("co.await() on the inline body's own Deferred would wait forever:"
                    + " it fires only when the body ends");
        }
        strand.checkNotAbandoned();
        // A fired Deferred at rest: take its result without suspending or adding an entry.
        Object taken = deferred.takeResting();
        if (taken != ChainState.AWAITING) {
            if (taken instanceof ChainState.TakenFailure tf) {
                throw tf.failure();
            }
            return taken;
        }
        if (!woven && strand instanceof WovenStrand) {
            // Checked before the waiter is added: nothing is left registered on the Deferred.
            throw new IllegalStateException("co.await() of an unfired Deferred in code deferred-weaver did not"
                    + " transform (a method the woven inline body called with its handle): only the body itself can"
                    + " suspend. Await in the body, or make the helper an inline body of its own (return"
                    + " InlineCallbacks.run(co2 -> ...)) and await its Deferred");
        }
        Waiter w = new Waiter(this);
        awaiting = deferred;
        @SuppressWarnings("unchecked")
        Deferred<Object> d = (Deferred<Object>) deferred;
        d.addBoth(w);
        if (w.arrived()) {
            return w.result();
        }
        waiting = w;
        return PENDING;
    }

    private IllegalStateException misuse(InlineBody<?> running) {
        if (finished) {
            return new IllegalStateException("co.await() on the handle of an inline body that has already ended");
        }
        if (running == null) {
            return new IllegalStateException("co.await() called outside the inline body it belongs to: call it only"
                    + " from the function given to InlineCallbacks.run, on the thread that runs it (not from another"
                    + " thread, nor from a callback that runs while the body is suspended)");
        }
        return new IllegalStateException("co.await() called on another inline body's handle: inside a nested"
                + " InlineCallbacks.run, use the handle passed to that body");
    }

    // ------------------------------------------------------------------ cancellation

    /** A fresh Deferred for the body's outcome, whose cancellation is {@link #cancelled}. */
    private Deferred<R> newTarget() {
        Deferred<R> d = new Deferred<>(this::cancelled);
        // A step that may chain (a Redirect's Deferred) or pass a value on: internal, so it is
        // neither addCallback (which refuses a returned Deferred) nor addCallbackDeferred.
        d.enqueue((ChainStep.Chaining) (value, failed) -> Redirect.follow(value), null);
        return d;
    }

    /**
     * The canceller of the current target (Twisted's {@code _cancellableInlineCallbacks}): the body
     * goes on, so the cancelled target is made to wait on a fresh one, which the body's outcome will
     * fire, and the Deferred the body awaits is cancelled: its {@code CancellationException} (or
     * whatever its own canceller gives) is what the await returns or throws, on this thread, before
     * {@code cancel()} returns.
     */
    private void cancelled(Deferred<R> cancelled) {
        Deferred<R> next;
        Deferred<?> awaited;
        synchronized (this) {
            if (completed || cancelled != target) {
                // The body ended and its driver is firing the target: leave it to the race.
                return;
            }
            next = newTarget();
            target = next;
            awaited = awaiting;
        }
        @SuppressWarnings("unchecked")
        R redirect = (R) new Redirect(next);
        cancelled.callback(redirect);
        if (awaited != null) {
            awaited.cancel();
        }
    }

    /** The value a cancelled target is fired with: its first callback turns it into "wait on next". */
    private record Redirect(Deferred<?> next) {
        static Object follow(Object value) {
            return value instanceof Redirect r ? r.next : value;
        }
    }

    // ------------------------------------------------------------------ the waiter

    /**
     * What an await adds to the awaited Deferred ({@code addBoth}): takes the result, leaves the
     * Deferred holding null (consumed, as chaining does), and gets the result to the body.
     */
    static final class Waiter implements CheckedFunction1<Try<Object>, Object> {
        private static final long serialVersionUID = 1L;
        private static final int AWAITING = 0;
        private static final int ARRIVED = 1;
        private static final int SUSPENDED = 2;
        private static final int ABANDONED = 3;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final transient InlineBody<?> body;
        /*
         * AWAITING -> ARRIVED (the result came before the body was marked suspended), or
         * AWAITING -> SUSPENDED (by the body's driver, once the body is truly suspended) ->
         * resumed by this waiter, or AWAITING -> ABANDONED (the body could not suspend).
         * `value`/`failure` are written before the transition that publishes them.
         */
        private volatile int state;
        // CheckedFunction1 is Serializable; a waiter never is (nothing here survives a JVM).
        transient Object value;
        transient Throwable failure;

        Waiter(InlineBody<?> body) {
            this.body = body;
        }

        boolean arrived() {
            return state == ARRIVED;
        }

        /** The result that arrived: its value, or its failure thrown. */
        Object result() throws Throwable {
            Throwable f = failure;
            if (f != null) {
                throw f;
            }
            return value;
        }

        /** Called by the driver once the body is suspended; false if the result already arrived. */
        boolean suspended() {
            return STATE.compareAndSet(this, AWAITING, SUSPENDED);
        }

        /** The body could not suspend; true if the result had not arrived (it is then dropped). */
        boolean abandon() {
            return STATE.compareAndSet(this, AWAITING, ABANDONED);
        }

        @Override
        public Object apply(Try<Object> t) {
            if (t.isFailure()) {
                failure = t.getCause();
            } else {
                value = t.get();
            }
            if (!STATE.compareAndSet(this, AWAITING, ARRIVED) && state == SUSPENDED) {
                body.drive();
            }
            return null;
        }
    }
}
