package dev.deferred;

import io.vavr.CheckedFunction0;
import io.vavr.CheckedFunction1;
import io.vavr.CheckedFunction2;
import io.vavr.control.Try;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A result that is not there yet: Twisted's {@code Deferred}, for Java.
 *
 * <p>A Deferred holds a chain of (callback, errback) pairs. When it is fired with
 * {@link #callback(Object)} or {@link #errback(Throwable)}, the result runs down the chain: a value
 * goes to the next callback, a failure to the next errback, and whatever each function returns
 * (or throws) becomes the result for the next pair.
 *
 * <pre>{@code
 * Deferred<String> page = new Deferred<>();
 * page.addCallback(String::length)                       // value lane
 *     .addErrback(IOException.class, e -> -1)            // failure lane: only IOExceptions
 *     .addCallback(n -> { System.out.println(n); return null; });
 * page.callback("hello");                                // prints 5, before callback() returns
 * }</pre>
 *
 * <h2>Contract and invariants</h2>
 * <ol>
 *   <li><b>Fired at most once.</b> The first {@code callback}/{@code errback} wins; any later one
 *       throws {@link AlreadyCalledException} and leaves the result untouched. (The one exception:
 *       after {@link #cancel()} on a Deferred without a canceller, exactly one later fire is
 *       silently ignored.)</li>
 *   <li><b>Synchronous.</b> Firing runs the callbacks already added before {@code callback()}
 *       returns; adding a callback to a fired, idle Deferred runs it before {@code addCallback()}
 *       returns. Nothing is ever handed to another thread or executor.</li>
 *   <li><b>In order, one at a time.</b> Callbacks run in the order they were added, never two of
 *       the same Deferred at once, each exactly once. A callback added while the chain is running
 *       (from inside a callback, or from another thread) runs after the ones before it.</li>
 *   <li><b>On the firing thread.</b> Callbacks run on the thread that fired the Deferred, or on the
 *       thread that added them to an already-fired Deferred, or on the thread that fired a
 *       Deferred this one waits on. Hopping to a reactor thread is an adapter's job.</li>
 *   <li><b>Lanes.</b> A value goes to callbacks; a failure to errbacks. A function that throws
 *       switches to the failure lane; an errback that returns switches back.</li>
 *   <li><b>Chaining.</b> A callback that returns a Deferred pauses this chain until that inner
 *       Deferred has a result; this chain then goes on with it, and the inner one is left holding
 *       {@code null} (so its failure is never reported as unhandled). This works to any depth
 *       without using stack: a million nested Deferreds resolve in a loop.</li>
 *   <li><b>Cancellation</b> only ever affects an unfired Deferred, or the inner Deferred this one
 *       waits on. A canceller runs at most once.</li>
 *   <li><b>No lost failures.</b> A Deferred garbage-collected while holding a failure logs it once
 *       ("Unhandled error in Deferred"); see {@link UnhandledErrors}.</li>
 *   <li><b>Fatal errors pass through.</b> {@link VirtualMachineError}, {@link LinkageError} and
 *       {@link InterruptedException} thrown by a callback are not turned into failures: they
 *       propagate out of the call that ran the callback, and the rest of the chain stays where
 *       it was.</li>
 *   <li><b>Thread-safe.</b> Any method may be called from any thread. Do not synchronize on a
 *       Deferred yourself: it uses its own monitor.</li>
 * </ol>
 *
 * <h2>Differences from Twisted</h2>
 * An unbalanced {@link #unpause()} throws (Twisted stalls); a callback returning its own Deferred
 * fails the chain with {@link IllegalStateException} (Twisted warns); {@link #chainDeferred} is
 * stack-safe; cancellation is {@link CancellationException} and a timeout
 * {@link TimeoutException}; the class is thread-safe.
 *
 * @param <T> the type of the result the next callback receives
 */
public class Deferred<T> {

    // ---- state flags (in `flags`) ----
    /** Fired: callback, errback or cancel gave it a result. Never cleared. */
    private static final int CALLED = 1;
    /** The current result is a failure (a Throwable in `result`). */
    private static final int FAILED = 1 << 1;
    /** A thread owns the chain and is running it; see the invariants below. */
    private static final int RUNNING = 1 << 2;
    /** Waiting on the inner Deferred held in `result`, which will hand its result over. */
    private static final int WAITING = 1 << 3;
    /** The inner Deferred handed its result over before the owner had marked WAITING. */
    private static final int ARRIVED = 1 << 4;
    /** cancel() without a canceller: swallow exactly one later callback/errback. */
    private static final int SUPPRESS_ONE = 1 << 5;
    /** The canceller has been invoked (it never runs twice). */
    private static final int CANCELLING = 1 << 6;

    private static volatile boolean debugging;

    /*
     * Concurrency invariants. Every field below is guarded by this object's monitor, with one
     * exception that makes the run loop cheap:
     *
     *  - At most one thread at a time "owns" a Deferred, marked by RUNNING. Only the owner runs its
     *    chain entries. An owner may own several Deferreds at once: after a chainDeferred hand-off
     *    it keeps the source (RUNNING stays set) while it runs the target's chain, and comes back
     *    to it before it lets go; a fatal error on the way lets such kept Deferreds go as they are. Between taking a batch of entries and publishing the outcome (both under
     *    the monitor), the owner keeps the result in locals; other threads therefore never read
     *    `result` while RUNNING is set (toString reports "running" instead).
     *  - Other threads only append entries and change counters under the monitor; the owner
     *    re-checks under the monitor before it lets go, so an entry appended while it runs is
     *    never stranded.
     *  - The owner never holds two Deferreds' monitors at once: hand-offs lock the target alone,
     *    so there is no lock ordering to get wrong.
     *  - pauseCount is volatile so the owner can see a pause() (from a callback or another thread)
     *    after every step without taking the monitor; it is written only under the monitor.
     *  - Entries live in steps[head..tail) as (callback side, errback side) pairs; a null side
     *    passes the result through. Only the owner advances head; appenders grow the array but
     *    never move entries while RUNNING (the owner may still be reading its snapshot).
     */
    private Object result;
    private int flags;
    private volatile int pauseCount;
    private Object[] steps;
    private int head;
    private int tail;
    private Consumer<? super Deferred<T>> canceller;
    private DebugInfo debug;
    private UnhandledErrors.Report report;

    /**
     * Creates an unfired Deferred with no canceller. {@link #cancel()} on it fails it with a
     * {@link CancellationException} and then silently ignores the one {@code callback}/{@code errback}
     * that the cancelled operation will presumably still deliver.
     */
    public Deferred() {
        if (debugging) {
            debug = new DebugInfo(new Throwable("creation"));
        }
    }

    /**
     * Creates an unfired Deferred whose {@link #cancel()} calls {@code canceller} (once) so the
     * operation behind it can stop. If the canceller does not fire the Deferred itself, it is
     * failed with a {@link CancellationException} right after the canceller returns.
     *
     * <pre>{@code
     * Deferred<Socket> d = new Deferred<>(self -> attempt.abort());
     * }</pre>
     *
     * @param canceller called with this Deferred on the first {@code cancel()} before it fires
     * @throws NullPointerException if {@code canceller} is null (use {@code new Deferred<>()})
     */
    public Deferred(Consumer<? super Deferred<T>> canceller) {
        this();
        if (canceller == null) {
            throw new NullPointerException("canceller is null: use new Deferred<>() for a Deferred without one");
        }
        this.canceller = canceller;
    }

    // ------------------------------------------------------------------ creation helpers

    /**
     * A Deferred that already has {@code value} (Twisted's {@code succeed}).
     *
     * @param value the result; may be null, may not be a Deferred
     * @param <T> the result type
     * @return a fired Deferred
     * @throws IllegalArgumentException if {@code value} is a Deferred
     */
    public static <T> Deferred<T> succeed(T value) {
        Deferred<T> d = new Deferred<>();
        d.callback(value);
        return d;
    }

    /**
     * A Deferred that already holds {@code failure} (Twisted's {@code fail}). Add an errback, or
     * the failure is logged as unhandled when the Deferred is garbage-collected.
     *
     * @param failure the failure
     * @param <T> the result type it would have had
     * @return a failed Deferred
     * @throws NullPointerException if {@code failure} is null
     */
    public static <T> Deferred<T> fail(Throwable failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /**
     * Calls {@code fn} now and wraps its outcome: its value in a fired Deferred, its exception in
     * a failed one. Unlike {@link #maybeDeferred}, a returned Deferred is not unwrapped (and is
     * rejected, as {@link #callback} rejects it).
     *
     * @param fn the function to call
     * @param <T> its result type
     * @return a fired Deferred
     * @throws NullPointerException if {@code fn} is null
     * @throws IllegalArgumentException if {@code fn} returned a Deferred
     */
    public static <T> Deferred<T> execute(CheckedFunction0<? extends T> fn) {
        requireFunction(fn, "execute");
        T value;
        try {
            value = fn.apply();
        } catch (Throwable t) {
            Failures.rethrowIfFatal(t);
            return fail(t);
        }
        return succeed(value);
    }

    /**
     * Calls {@code fn} now and returns a Deferred of its outcome: if it returns a Deferred, that
     * very Deferred; if it returns anything else, a fired Deferred of it; if it throws, a failed
     * one. This is how code that may or may not be asynchronous is called uniformly.
     *
     * <p>Java cannot type "a {@code T} or a {@code Deferred<T>}", so the result type is whatever
     * the caller declares; returning something else is a {@link ClassCastException} in a later
     * callback.
     *
     * @param fn the function to call
     * @param <T> the result type the caller expects
     * @return the Deferred {@code fn} returned, or a fired one
     * @throws NullPointerException if {@code fn} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(CheckedFunction0<?> fn) {
        requireFunction(fn, "maybeDeferred");
        Object value;
        try {
            value = fn.apply();
        } catch (Throwable t) {
            Failures.rethrowIfFatal(t);
            return fail(t);
        }
        if (value instanceof Deferred<?> d) {
            return (Deferred<T>) d;
        }
        return succeed((T) value);
    }

    // ------------------------------------------------------------------ firing

    /**
     * Fires this Deferred with a value and runs the chain, on this thread, before returning
     * (unless it is paused or waiting on another Deferred: then the chain goes on when that ends).
     *
     * @param value the result; may be null
     * @throws AlreadyCalledException if it was already fired; the result is left untouched
     * @throws IllegalArgumentException if {@code value} is a Deferred (use
     *         {@link #chainDeferred} or return it from a callback instead)
     */
    public void callback(T value) {
        if (value instanceof Deferred) {
            throw new IllegalArgumentException(
                    "callback() takes a result, not a Deferred: return the Deferred from a callback, or use chainDeferred");
        }
        fire(value, false);
    }

    /**
     * Fires this Deferred with a failure and runs the chain, as {@link #callback} does.
     *
     * @param failure the failure; the next errback receives this very object
     * @throws NullPointerException if {@code failure} is null
     * @throws AlreadyCalledException if it was already fired; the result is left untouched
     */
    public void errback(Throwable failure) {
        if (failure == null) {
            throw new NullPointerException("errback(null): pass the Throwable that describes the failure");
        }
        fire(failure, true);
    }

    private void fire(Object value, boolean failed) {
        Object[] batch;
        int end;
        synchronized (this) {
            if (!fireLocked(value, failed)) {
                return;
            }
            batch = steps;
            end = tail;
        }
        runOwned(this, batch, end);
    }

    /**
     * Stores the first result. Returns true when the caller now owns the chain and must run it.
     * Must hold the monitor.
     */
    private boolean fireLocked(Object value, boolean failed) {
        if ((flags & CALLED) != 0) {
            if ((flags & SUPPRESS_ONE) != 0) {
                flags &= ~SUPPRESS_ONE;
                return false;
            }
            throw new AlreadyCalledException(identity() + " was already called" + DebugInfo.describe(debug));
        }
        result = value;
        flags |= failed ? CALLED | FAILED : CALLED;
        canceller = null;
        if (debugging) {
            if (debug == null) {
                debug = new DebugInfo(null);
            }
            debug.invocation = new Throwable("first invocation");
        }
        if (pauseCount != 0 || head == tail) {
            noteRestingResult();
            return false;
        }
        flags |= RUNNING;
        return true;
    }

    // ------------------------------------------------------------------ adding to the chain

    /**
     * Adds a callback; failures pass it by.
     *
     * <pre>{@code
     * Deferred<Integer> n = text.addCallback(String::length);
     * }</pre>
     *
     * <p>If the Deferred has already fired and is idle, {@code cb} runs now, on this thread. If
     * {@code cb} returns a Deferred, the chain waits for it (prefer {@link #addCallbackDeferred},
     * whose type says so).
     *
     * @param cb receives the value; its return value is the next result, its exception the next
     *           failure
     * @param <R> the next result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if {@code cb} is null
     */
    public <R> Deferred<R> addCallback(CheckedFunction1<? super T, ? extends R> cb) {
        return add(requireFunction(cb, "addCallback"), null);
    }

    /**
     * Adds a callback that returns a Deferred: the chain waits until that Deferred fires and goes
     * on with its result (Twisted's chaining, with honest generics).
     *
     * <pre>{@code
     * Deferred<Page> page = userId.addCallbackDeferred(id -> fetchProfile(id));
     * }</pre>
     *
     * @param cb receives the value and returns the Deferred to wait on; returning null fails the
     *           chain with a {@link NullPointerException}
     * @param <R> the inner Deferred's result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if {@code cb} is null
     */
    public <R> Deferred<R> addCallbackDeferred(CheckedFunction1<? super T, ? extends Deferred<? extends R>> cb) {
        return add(ChainStep.returningDeferred(requireFunction(cb, "addCallbackDeferred")), null);
    }

    /**
     * Adds an errback; values pass it by. Returning from it recovers: the returned value goes to
     * the next callback. Rethrow to pass the failure on.
     *
     * @param eb receives the failure
     * @return this Deferred
     * @throws NullPointerException if {@code eb} is null
     */
    public Deferred<T> addErrback(CheckedFunction1<? super Throwable, ? extends T> eb) {
        return add(null, requireFunction(eb, "addErrback"));
    }

    /**
     * Adds an errback for one type of failure only (Twisted's {@code failure.trap}): failures of
     * another type pass on untouched, values pass by.
     *
     * <pre>{@code
     * d.addErrback(TimeoutException.class, e -> fallback);
     * }</pre>
     *
     * @param type the failure type handled, subclasses included
     * @param eb receives the failure, already cast
     * @param <E> the failure type
     * @return this Deferred
     * @throws NullPointerException if an argument is null
     */
    public <E extends Throwable> Deferred<T> addErrback(Class<E> type, CheckedFunction1<? super E, ? extends T> eb) {
        if (type == null) {
            throw new NullPointerException("addErrback(type, eb): type is null; pass the failure class to handle, e.g. IOException.class");
        }
        return add(null, ChainStep.trap(type, requireFunction(eb, "addErrback")));
    }

    /**
     * Adds a function that runs for a value or a failure alike, seeing it as a vavr {@link Try}
     * (Twisted's {@code addBoth}). Useful for clean-up; to pass a failure on, rethrow it
     * ({@code t.get()} does).
     *
     * @param fn receives {@code Try.success(value)} or {@code Try.failure(failure)}
     * @param <R> the next result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> Deferred<R> addBoth(CheckedFunction1<? super Try<T>, ? extends R> fn) {
        ChainStep step = ChainStep.both(requireFunction(fn, "addBoth"));
        return add(step, step);
    }

    /**
     * Adds a callback and an errback as one pair: exactly one of them runs, and what one returns
     * never reaches the other (unlike {@code addCallback(cb).addErrback(eb)}).
     *
     * @param cb receives a value
     * @param eb receives a failure
     * @param <R> the next result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if an argument is null
     */
    public <R> Deferred<R> addCallbacks(CheckedFunction1<? super T, ? extends R> cb,
                                        CheckedFunction1<? super Throwable, ? extends R> eb) {
        return add(requireFunction(cb, "addCallbacks"), requireFunction(eb, "addCallbacks"));
    }

    /**
     * Forwards this Deferred's result to {@code other}, as if by {@code other.callback(value)} or
     * {@code other.errback(failure)}; this Deferred goes on with {@code null}. If {@code other} was
     * already fired, this Deferred goes on with that {@link AlreadyCalledException} as its failure.
     *
     * <p>Unlike Twisted's, this is stack-safe: a million Deferreds chained this way resolve in a
     * loop. {@code other}'s chain runs before the rest of this one; a callback that {@code other}'s
     * chain adds to this Deferred queues up behind the rest of this one (as in Twisted).
     *
     * @param other the Deferred to fire with this one's result
     * @return this Deferred, which now carries {@code null}
     * @throws NullPointerException if {@code other} is null
     * @throws IllegalArgumentException if {@code other} is this Deferred
     */
    @SuppressWarnings("unchecked")
    public Deferred<Void> chainDeferred(Deferred<? super T> other) {
        if (other == null) {
            throw new NullPointerException("chainDeferred(null): pass the Deferred that should receive this result");
        }
        if (other == this) {
            throw new IllegalArgumentException("chainDeferred(this): a Deferred cannot be chained to itself");
        }
        HandOff h = new HandOff(other, HandOff.CHAINED);
        return this.<Void>add(h, h);
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> add(Object cb, Object eb) {
        Object[] batch;
        int end;
        synchronized (this) {
            append(cb, eb);
            if ((flags & (CALLED | RUNNING | WAITING)) != CALLED || pauseCount != 0) {
                return (Deferred<R>) this;
            }
            flags |= RUNNING;
            batch = steps;
            end = tail;
        }
        runOwned(this, batch, end);
        return (Deferred<R>) this;
    }

    /** Appends one entry. Must hold the monitor. */
    private void append(Object cb, Object eb) {
        Object[] s = steps;
        if (s == null) {
            // Three entries: a pending Deferred with one callback then costs no more than a
            // CompletableFuture with one stage, and the common short chain never grows.
            steps = s = new Object[6];
        } else if (tail == s.length) {
            if (head > 0 && (flags & RUNNING) == 0) {
                System.arraycopy(s, head, s, 0, tail - head);
                Arrays.fill(s, tail - head, tail, null);
                tail -= head;
                head = 0;
            } else {
                // Same indices in a bigger array: an owner may still be reading its snapshot.
                steps = s = Arrays.copyOf(s, s.length * 2);
            }
        }
        s[tail] = cb;
        s[tail + 1] = eb;
        tail += 2;
    }

    // ------------------------------------------------------------------ pause

    /**
     * Stops the chain before its next entry until a matching {@link #unpause()}. Counted: two
     * pauses need two unpauses. Firing a paused Deferred stores the result without running
     * anything. A pause from inside a callback takes effect when that callback returns.
     */
    public void pause() {
        synchronized (this) {
            pauseCount = pauseCount + 1;
        }
    }

    /**
     * Undoes one {@link #pause()}; at zero, a fired Deferred runs the rest of its chain now, on
     * this thread.
     *
     * @throws IllegalStateException if the Deferred is not paused (Twisted would stall forever)
     */
    public void unpause() {
        boolean run;
        synchronized (this) {
            int p = pauseCount;
            if (p == 0) {
                throw new IllegalStateException("unpause() without a matching pause(): " + identity() + " is not paused");
            }
            pauseCount = p - 1;
            run = p == 1 && (flags & (CALLED | RUNNING | WAITING)) == CALLED && head != tail;
            if (run) {
                flags |= RUNNING;
            }
        }
        if (run) {
            runOwned(this, null, 0);
        }
    }

    /**
     * Whether {@link #pause()} has been called more often than {@link #unpause()}.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return pauseCount > 0;
    }

    /**
     * Whether this Deferred has been fired (by {@code callback}, {@code errback} or a
     * cancellation). Twisted's {@code called}.
     *
     * @return true once fired; never goes back to false
     */
    public synchronized boolean isCalled() {
        return (flags & CALLED) != 0;
    }

    // ------------------------------------------------------------------ cancellation

    /**
     * Cancels the operation this Deferred stands for.
     * <ul>
     *   <li>Unfired, with a canceller: calls the canceller (only the first time); if it did not
     *       fire the Deferred, fails it with {@link CancellationException}. An exception thrown by
     *       the canceller propagates from here.</li>
     *   <li>Unfired, without a canceller: fails it with {@link CancellationException} and silently
     *       ignores the next {@code callback}/{@code errback} (the operation's late result).</li>
     *   <li>Waiting on an inner Deferred (a callback returned it): cancels that one instead, so
     *       this chain goes on with the inner one's cancellation (or whatever its canceller gave).</li>
     *   <li>Otherwise (fired, or running its callbacks right now): does nothing.</li>
     * </ul>
     * Callbacks triggered by the cancellation run on this thread before {@code cancel()} returns.
     */
    public void cancel() {
        Deferred<?> d = this;
        while (d != null) {
            d = d.cancelOne();
        }
    }

    /** Cancels this Deferred; returns the inner Deferred to cancel next when it is waiting on one. */
    private Deferred<?> cancelOne() {
        Consumer<? super Deferred<T>> c;
        boolean run = false;
        synchronized (this) {
            if ((flags & CALLED) != 0) {
                return (flags & WAITING) != 0 ? (Deferred<?>) result : null;
            }
            if ((flags & CANCELLING) != 0) {
                return null;
            }
            c = canceller;
            if (c == null) {
                flags |= SUPPRESS_ONE;
                run = fireLocked(new CancellationException("Deferred was cancelled"), true);
            } else {
                flags |= CANCELLING;
            }
        }
        if (c == null) {
            if (run) {
                runOwned(this, null, 0);
            }
            return null;
        }
        c.accept(this);
        synchronized (this) {
            if ((flags & CALLED) != 0) {
                return null;
            }
            run = fireLocked(new CancellationException("Deferred was cancelled"), true);
        }
        if (run) {
            runOwned(this, null, 0);
        }
        return null;
    }

    /**
     * Fails this Deferred with a {@link TimeoutException} if it has not fired within
     * {@code timeout} on {@code clock}: at the deadline it is {@link #cancel() cancelled}, and the
     * resulting {@link CancellationException} becomes a {@code TimeoutException}. A result that
     * arrives first (or a canceller's own result) passes through and stops the timer.
     *
     * <p>Only callbacks added <em>before</em> this call are inside the timeout: they see the
     * {@code CancellationException}; the ones added after see the {@code TimeoutException}.
     *
     * <pre>{@code
     * fetch(url).addTimeout(Duration.ofSeconds(2), reactor)
     *           .addErrback(TimeoutException.class, e -> cached(url));
     * }</pre>
     *
     * @param timeout how long to wait; zero times out on the clock's next turn
     * @param clock the clock that schedules the deadline (a reactor, or a fake clock in tests)
     * @return this Deferred
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Deferred<T> addTimeout(Duration timeout, ReactorTime clock) {
        return addTimeout(timeout, clock, Deferred::cancelledToTimeout);
    }

    /**
     * As {@link #addTimeout(Duration, ReactorTime)}, but on a timeout {@code onTimeoutCancel}
     * decides the result: it receives the result the cancellation produced and the timeout, and
     * what it returns or throws becomes the result. It is not called when the Deferred fires in
     * time or is cancelled by hand.
     *
     * @param timeout how long to wait
     * @param clock the clock that schedules the deadline
     * @param onTimeoutCancel translates the cancellation's result on a timeout
     * @return this Deferred
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Deferred<T> addTimeout(Duration timeout, ReactorTime clock,
                                  CheckedFunction2<? super Try<T>, ? super Duration, ? extends T> onTimeoutCancel) {
        if (timeout == null || clock == null || onTimeoutCancel == null) {
            throw new NullPointerException("addTimeout: timeout, clock and onTimeoutCancel must not be null");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("addTimeout: timeout must not be negative, got " + timeout);
        }
        TimeoutState state = new TimeoutState();
        state.call = clock.callLater(timeout, () -> {
            state.timedOut = true;
            cancel();
        });
        ChainStep translate = (r, failed) -> {
            if (!state.timedOut) {
                return passOn(r, failed);
            }
            @SuppressWarnings("unchecked")
            Try<T> t = failed ? Try.failure((Throwable) r) : Try.success((T) r);
            return onTimeoutCancel.apply(t, timeout);
        };
        ChainStep stopTimer = (r, failed) -> {
            state.stop();
            return passOn(r, failed);
        };
        add(translate, translate);
        return add(stopTimer, stopTimer);
    }

    private static <T> T cancelledToTimeout(Try<T> result, Duration timeout) throws Throwable {
        if (result.isFailure()) {
            Throwable cause = result.getCause();
            if (cause instanceof CancellationException) {
                TimeoutException e = new TimeoutException("Deferred timed out after " + timeout);
                e.initCause(cause);
                throw e;
            }
            throw cause;
        }
        return result.get();
    }

    /** The timer of one addTimeout; `timedOut` is written on the clock's thread, read on the chain's. */
    private static final class TimeoutState {
        volatile boolean timedOut;
        volatile DelayedCall call;

        void stop() {
            DelayedCall c = call;
            if (c != null && c.active()) {
                try {
                    c.cancel();
                } catch (AlreadyCalledException | AlreadyCancelledException raced) {
                    // The timer fired or was cancelled between active() and cancel(): nothing to stop.
                }
            }
        }
    }

    private static Object passOn(Object result, boolean failed) throws Throwable {
        if (failed) {
            throw (Throwable) result;
        }
        return result;
    }

    // ------------------------------------------------------------------ debugging, toString

    /**
     * Turns on (or off) recording of where each Deferred is created and first fired. The stacks
     * then appear in {@link AlreadyCalledException} messages and unhandled-error logs. Costly:
     * meant for finding a bug, not for production. Affects Deferreds created afterwards (the
     * creation stack) and fires that happen afterwards (the invocation stack).
     *
     * @param on whether to record
     */
    public static void setDebugging(boolean on) {
        debugging = on;
    }

    /**
     * Whether {@link #setDebugging(boolean) debugging} is on.
     *
     * @return true when stacks are recorded
     */
    public static boolean isDebugging() {
        return debugging;
    }

    /**
     * Describes the state: {@code Deferred@1b6d3586{pending}}, {@code {current result: 42}},
     * {@code {current result: failure java.io.IOException: gone}},
     * {@code {waiting on Deferred@4554617c}}, or {@code {running callbacks}} while a thread is
     * running the chain (the result is then in flux and not shown).
     */
    @Override
    public String toString() {
        Object r;
        int f;
        synchronized (this) {
            r = result;
            f = flags;
        }
        String state;
        if ((f & RUNNING) != 0) {
            state = "running callbacks";
        } else if ((f & CALLED) == 0) {
            state = pauseCount > 0 ? "pending, paused" : "pending";
        } else if ((f & WAITING) != 0) {
            state = "waiting on " + ((Deferred<?>) r).identity();
        } else if ((f & FAILED) != 0) {
            state = "current result: failure " + r;
        } else {
            state = "current result: " + r;
        }
        return identity() + "{" + state + "}";
    }

    private String identity() {
        return "Deferred@" + Integer.toHexString(System.identityHashCode(this));
    }

    private static <F> F requireFunction(F fn, String method) {
        if (fn == null) {
            throw new NullPointerException(method + ": the function is null; pass a function (x -> x passes a result through)");
        }
        return fn;
    }

    // ------------------------------------------------------------------ the run loop

    /**
     * Records that the result is at rest (nobody is running the chain): a failure at rest is
     * tracked for unhandled-error reporting, anything else stops tracking. Must hold the monitor.
     */
    private void noteRestingResult() {
        UnhandledErrors.Report r = report;
        if ((flags & (CALLED | FAILED | WAITING)) == (CALLED | FAILED)) {
            if (r == null || r.failure != result) {
                if (r != null) {
                    r.handled();
                }
                report = UnhandledErrors.track(this, (Throwable) result, debug);
            }
        } else if (r != null) {
            r.handled();
            report = null;
        }
    }

    /** Marks entries before {@code i} consumed, clearing their slots. Must hold the monitor. */
    private void consumeTo(int i) {
        Object[] s = steps;
        if (i > head) {
            Arrays.fill(s, head, i, null);
        }
        head = i;
        if (i == tail) {
            head = tail = 0;
        } else if (head >= 32 && head > tail - head) {
            System.arraycopy(s, head, s, 0, tail - head);
            Arrays.fill(s, tail - head, tail, null);
            tail -= head;
            head = 0;
        }
    }

    /**
     * Runs chains starting with {@code start}, which this thread owns. Hand-offs switch the loop to
     * the Deferred that received a result (Twisted's explicit stack), so nesting depth costs heap,
     * never stack. A Deferred left with entries when the loop switched away is revisited after the
     * one it handed to is done, as Twisted does.
     *
     * <p>{@code batch}/{@code end}: the entries array and tail the caller read under the monitor
     * when it took ownership, saving the loop a second trip through the monitor; null to read
     * them afresh.
     */
    private static void runOwned(Deferred<?> start, Object[] batch, int end) {
        Deferred<?> d = start;
        Switch[] revisit = null;
        int depth = 0;
        try {
            for (;;) {
                Object next = d.drain(batch, end);
                batch = null;
                if (next instanceof Deferred<?> target) {
                    d = target;
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
    private record Switch(Deferred<?> from, Deferred<?> to, boolean kept) {}

    /** Releases a Deferred this thread kept across a chainDeferred hand-off, leaving its entries. */
    private synchronized void letGo() {
        flags &= ~RUNNING;
        noteRestingResult();
    }

    /** Takes ownership of a Deferred that was left with entries, if nobody else has run them. */
    private synchronized boolean reacquire() {
        if ((flags & (CALLED | RUNNING | WAITING)) == CALLED && pauseCount == 0 && head != tail) {
            flags |= RUNNING;
            return true;
        }
        return false;
    }

    /**
     * Runs this Deferred's entries; this thread owns it. Returns null once it has let go of it,
     * or the Deferred it handed its result to and now owns instead (a {@link Switch} if this one
     * still has entries to come back to).
     */
    @SuppressWarnings("unchecked")
    private Object drain(Object[] batch, int batchEnd) {
        // The owner took RUNNING under the monitor, after the last write to result/FAILED/head by
        // anyone else, and nobody else writes them while RUNNING: reading them bare is safe.
        Object res = result;
        boolean failed = (flags & FAILED) != 0;
        int i = head;
        Object[] arr = batch;
        int end = batch == null ? i : batchEnd;
        for (;;) {
            if (i == end || pauseCount != 0) {
                synchronized (this) {
                    result = res;
                    flags = failed ? flags | FAILED : flags & ~FAILED;
                    consumeTo(i);
                    i = head;
                    if (pauseCount != 0 || i == tail) {
                        flags &= ~RUNNING;
                        noteRestingResult();
                        return null;
                    }
                    arr = steps;
                    end = tail;
                }
            }
            Object step = arr[failed ? i + 1 : i];
            i += 2;
            if (step == null) {
                continue;
            }
            if (step instanceof HandOff h) {
                Deferred<?> target = h.target;
                boolean own;
                if (h.awaited) {
                    own = target.receiveAwaited(res, failed);
                    res = null;
                    failed = false;
                } else {
                    try {
                        synchronized (target) {
                            own = target.fireLocked(res, failed);
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
                    synchronized (this) {
                        result = res;
                        flags = failed ? flags | FAILED : flags & ~FAILED;
                        consumeTo(i);
                        more = head != tail;
                        keep = more && !h.awaited;
                        if (!keep) {
                            flags &= ~RUNNING;
                            noteRestingResult();
                        }
                    }
                    return more ? new Switch(this, target, keep) : target;
                }
                continue;
            }
            try {
                if (step instanceof ChainStep s) {
                    res = s.apply(res, failed);
                } else {
                    res = ((CheckedFunction1<Object, Object>) step).apply(res);
                }
                failed = false;
            } catch (Throwable t) {
                if (Failures.isFatal(t)) {
                    synchronized (this) {
                        result = res;
                        flags = (failed ? flags | FAILED : flags & ~FAILED) & ~RUNNING;
                        consumeTo(i);
                        noteRestingResult();
                    }
                    throw Failures.<RuntimeException>sneaky(t);
                }
                res = t;
                failed = true;
                continue;
            }
            if (res instanceof Deferred<?> inner) {
                if (inner == this) {
                    res = new IllegalStateException(identity()
                            + ": a callback returned the Deferred it was added to, which would wait on itself forever");
                    failed = true;
                    continue;
                }
                Object taken = inner.takeOrAwait(this);
                if (taken != AWAITING) {
                    if (taken instanceof TakenFailure tf) {
                        res = tf.failure;
                        failed = true;
                    } else {
                        res = taken;
                    }
                    continue;
                }
                synchronized (this) {
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
                    return null;
                }
            }
        }
    }

    /** takeOrAwait's answer when the inner Deferred has no result to take yet. */
    private static final Object AWAITING = new Object();

    /** A failure taken from an inner Deferred (values are returned as they are). */
    private record TakenFailure(Throwable failure) {}

    /**
     * {@code waiter}'s callback returned this Deferred. If this one has a result at rest, take it
     * (this one is left holding null: Twisted's "steal") and return it; otherwise append the
     * hand-off that will give the waiter our result later and return {@link #AWAITING}.
     */
    private Object takeOrAwait(Deferred<?> waiter) {
        synchronized (this) {
            if ((flags & (CALLED | RUNNING | WAITING)) == CALLED && pauseCount == 0) {
                Object r = result;
                boolean f = (flags & FAILED) != 0;
                result = null;
                flags &= ~FAILED;
                noteRestingResult();
                return f ? new TakenFailure((Throwable) r) : r;
            }
            HandOff h = new HandOff(waiter, HandOff.AWAITED);
            append(h, h);
            return AWAITING;
        }
    }

    /**
     * The Deferred this one waits on hands over its result. Returns true when the caller now owns
     * this Deferred and must run it.
     */
    private synchronized boolean receiveAwaited(Object value, boolean failed) {
        result = value;
        flags = failed ? flags | FAILED : flags & ~FAILED;
        if ((flags & WAITING) == 0) {
            // The owner is between appending the hand-off and marking itself waiting; it will see this.
            flags |= ARRIVED;
            return false;
        }
        flags &= ~WAITING;
        if (pauseCount != 0 || head == tail) {
            noteRestingResult();
            return false;
        }
        flags |= RUNNING;
        return true;
    }
}
