package dev.deferred;

import io.vavr.CheckedConsumer;
import io.vavr.CheckedFunction0;
import io.vavr.CheckedFunction1;
import io.vavr.CheckedFunction2;
import io.vavr.control.Try;
import java.time.Duration;
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
 *     .onSuccess(n -> System.out.println(n));            // a side effect; the value goes on
 * page.callback("hello");                                // prints 5, before callback() returns
 * }</pre>
 *
 * <h2>One object, re-typed: do not keep the old reference</h2>
 * Every {@code add*} and {@code on*} method returns <em>this same Deferred</em>, re-typed to what
 * the chain carries after the new step. It is not a new stage (as {@code thenApply} makes one
 * in {@code CompletableFuture}): after
 * {@code Deferred<Integer> len = text.addCallback(String::length)}, {@code text} and {@code len}
 * are one object carrying an {@code Integer}, and a callback added through {@code text} (still
 * typed {@code Deferred<String>}) would receive that {@code Integer}. Always go on from the
 * reference the last {@code add*} returned, and do not use the old one. To give one result to
 * several independent consumers, hand each its own Deferred, e.g. with {@link #chainDeferred}.
 * (The single object is what makes a chain cheap: no allocation per step.)
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
 *   <li><b>Chaining.</b> A function given to a Deferred-returning step
 *       ({@link #addCallbackDeferred}, {@link #addErrbackDeferred}, {@link #addBothDeferred})
 *       returns a Deferred; this chain pauses until that inner Deferred has a result, then goes on
 *       with it, and the inner one is left holding {@code null} (so its failure is never reported
 *       as unhandled). This works to any depth without using stack: a million nested Deferreds
 *       resolve in a loop.</li>
 *   <li><b>Types never lie.</b> A plain step ({@code addCallback}, {@code addErrback},
 *       {@code addBoth}, {@code addCallbacks}) whose function returns a Deferred fails the chain
 *       at that step with an {@link IllegalStateException} naming the Deferred-returning step to
 *       use: its static type would say {@code Deferred<Deferred<R>>} while the chain would carry
 *       an {@code R}.</li>
 *   <li><b>Cancellation</b> only ever affects an unfired Deferred, or the inner Deferred this one
 *       waits on. A canceller runs at most once.</li>
 *   <li><b>No lost failures.</b> A Deferred garbage-collected while holding a failure logs it once
 *       ("Unhandled error in Deferred"); see {@link UnhandledErrors}.</li>
 *   <li><b>Fatal errors pass through.</b> {@link VirtualMachineError}, {@link LinkageError} and
 *       {@link InterruptedException} thrown by a callback are not turned into failures: they
 *       propagate out of the call that ran the callback, and the rest of the chain stays where
 *       it was; {@link #errback} and {@link #fail} refuse them. {@link Failures} is the one
 *       place that decides what is fatal.</li>
 *   <li><b>Thread-safe.</b> Any method may be called from any thread. Do not synchronize on a
 *       Deferred yourself: it does not lock on its own monitor, so doing so protects nothing.</li>
 * </ol>
 *
 * <h2>Differences from Twisted</h2>
 * An unbalanced {@link #unpause()} throws (Twisted stalls); a plain step returning a Deferred
 * fails the chain (Twisted chains; here only the {@code *Deferred} steps do); a callback returning
 * its own Deferred fails the chain with {@link IllegalStateException} (Twisted warns); {@link #chainDeferred} is
 * stack-safe; cancellation is {@link CancellationException} and a timeout
 * {@link TimeoutException}; the class is thread-safe.
 *
 * @param <T> the type of the result the next callback receives
 */
public class Deferred<T> extends Chain {

    /**
     * Creates an unfired Deferred with no canceller. {@link #cancel()} on it fails it with a
     * {@link CancellationException} and then silently ignores the one {@code callback}/{@code errback}
     * that the cancelled operation will presumably still deliver.
     */
    public Deferred() {
        super(null);
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
        super(checkedCanceller(canceller));
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Object> checkedCanceller(Consumer<?> canceller) {
        if (canceller == null) {
            throw new NullPointerException("canceller is null: use new Deferred<>() for a Deferred without one");
        }
        // The canceller is only ever called with the Deferred it was given to.
        return (Consumer<Object>) canceller;
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> self() {
        return (Deferred<R>) this;
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
        if (value instanceof Deferred) {
            throw new IllegalArgumentException(
                    "succeed() takes a result, not a Deferred: return the Deferred itself, or chain it");
        }
        Deferred<T> d = new Deferred<>();
        d.fireUnpublished(value, false);
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
     * @throws IllegalArgumentException if {@code failure} is {@linkplain Failures#isFatal fatal}
     */
    public static <T> Deferred<T> fail(Throwable failure) {
        Failures.requireNotFatal(failure, "fail");
        if (failure == null) {
            throw new NullPointerException("fail(null): pass the Throwable that describes the failure");
        }
        Deferred<T> d = new Deferred<>();
        d.fireUnpublished(failure, true);
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
     * @throws IllegalArgumentException if {@code failure} is {@linkplain Failures#isFatal fatal}
     *         (a {@link VirtualMachineError}, {@link LinkageError} or {@link InterruptedException}):
     *         rethrow it instead, or pass {@link Failures#asFailure} of it; the Deferred stays unfired
     */
    public void errback(Throwable failure) {
        if (failure == null) {
            throw new NullPointerException("errback(null): pass the Throwable that describes the failure");
        }
        Failures.requireNotFatal(failure, "errback");
        fire(failure, true);
    }

    // ------------------------------------------------------------------ adding to the chain

    /**
     * Adds a callback; failures pass it by.
     *
     * <pre>{@code
     * Deferred<Integer> n = text.addCallback(String::length);
     * }</pre>
     *
     * <p>If the Deferred has already fired and is idle, {@code cb} runs now, on this thread. To
     * wait on a Deferred that {@code cb} returns, use {@link #addCallbackDeferred}: if {@code cb}
     * returns a Deferred here, the chain fails at this step with an {@link IllegalStateException}.
     * For a side effect without a {@code return}, use {@link #onSuccess}.
     *
     * <p>Returns this very Deferred, re-typed: use the returned reference from now on, not the
     * one this was called on (see the class documentation).
     *
     * @param cb receives the value; its return value is the next result, its exception the next
     *           failure
     * @param <R> the next result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if {@code cb} is null
     */
    public <R> Deferred<R> addCallback(CheckedFunction1<? super T, ? extends R> cb) {
        enqueue(requireFunction(cb, "addCallback"), null);
        return self();
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
        enqueue(requireFunction(cb, "addCallbackDeferred"), DeferredStep.BARE_CALLBACK);
        return self();
    }

    /**
     * Adds an errback that returns a Deferred: asynchronous recovery. The chain waits until that
     * Deferred fires and goes on with its result (a value recovers, a failure stays on the
     * failure lane). Values pass by.
     *
     * <pre>{@code
     * Deferred<String> page = fetch(primary)
     *         .addErrbackDeferred(e -> fetch(mirror));      // retry elsewhere, asynchronously
     * }</pre>
     *
     * @param eb receives the failure and returns the Deferred to wait on; returning null fails
     *           the chain with a {@link NullPointerException}
     * @return this Deferred
     * @throws NullPointerException if {@code eb} is null
     */
    public Deferred<T> addErrbackDeferred(CheckedFunction1<? super Throwable, ? extends Deferred<? extends T>> eb) {
        enqueue(null, new DeferredStep(requireFunction(eb, "addErrbackDeferred"), DeferredStep.ERRBACK, null));
        return self();
    }

    /**
     * Adds an errback for one type of failure that returns a Deferred (Twisted's {@code trap}
     * followed by chaining): failures of another type pass on untouched, values pass by.
     *
     * <pre>{@code
     * Deferred<String> page = fetch(primary)
     *         .addErrbackDeferred(IOException.class, e -> fetch(mirror));
     * }</pre>
     *
     * @param type the failure type handled, subclasses included
     * @param eb receives the failure, already cast, and returns the Deferred to wait on
     * @param <E> the failure type
     * @return this Deferred
     * @throws NullPointerException if an argument is null
     */
    public <E extends Throwable> Deferred<T> addErrbackDeferred(
            Class<E> type, CheckedFunction1<? super E, ? extends Deferred<? extends T>> eb) {
        if (type == null) {
            throw new NullPointerException(
                    "addErrbackDeferred(type, eb): type is null; pass the failure class to handle, e.g. IOException.class");
        }
        enqueue(null, new DeferredStep(requireFunction(eb, "addErrbackDeferred"), DeferredStep.ERRBACK, type));
        return self();
    }

    /**
     * Adds a function that runs for a value or a failure alike and returns a Deferred: an
     * asynchronous {@code finally}. The chain waits until that Deferred fires and goes on with its
     * result.
     *
     * <pre>{@code
     * Deferred<Integer> done = work(port)
     *         .addBothDeferred(t -> port.stopListening().addCallback(ignored -> t.get()));
     * }</pre>
     *
     * @param fn receives {@code Try.success(value)} or {@code Try.failure(failure)} and returns
     *           the Deferred to wait on; returning null fails the chain with a
     *           {@link NullPointerException}
     * @param <R> the inner Deferred's result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> Deferred<R> addBothDeferred(CheckedFunction1<? super Try<T>, ? extends Deferred<? extends R>> fn) {
        DeferredStep step = new DeferredStep(requireFunction(fn, "addBothDeferred"), DeferredStep.BOTH, null);
        enqueue(step, step);
        return self();
    }

    // ------------------------------------------------------------------ side effects

    /**
     * Adds a side effect for a value: {@code action} sees it and the same value goes on to the
     * next step. Failures pass by. If {@code action} throws, its exception becomes the failure.
     *
     * <pre>{@code
     * d.onSuccess(s -> System.out.println("got " + s));
     * }</pre>
     *
     * @param action receives the value
     * @return this Deferred
     * @throws NullPointerException if {@code action} is null
     */
    public Deferred<T> onSuccess(CheckedConsumer<? super T> action) {
        @SuppressWarnings("unchecked")
        CheckedConsumer<Object> a = (CheckedConsumer<Object>) requireFunction(action, "onSuccess");
        CheckedFunction1<Object, Object> step = value -> {
            a.accept(value);
            return value;
        };
        enqueue(step, null);
        return this;
    }

    /**
     * Adds a side effect for a failure: {@code action} sees it and the same failure goes on, still
     * a failure (observing is not handling: it is still reported as unhandled if nothing handles
     * it later). Values pass by. If {@code action} throws, its exception becomes the failure, with
     * the observed failure attached as suppressed.
     *
     * <pre>{@code
     * d.onFailure(e -> log.warn("fetch failed", e));
     * }</pre>
     *
     * @param action receives the failure
     * @return this Deferred
     * @throws NullPointerException if {@code action} is null
     */
    public Deferred<T> onFailure(CheckedConsumer<? super Throwable> action) {
        enqueue(null, ChainStep.observe(requireFunction(action, "onFailure"), false));
        return this;
    }

    /**
     * Adds a side effect for a value or a failure alike, seen as a vavr {@link Try}; the result
     * goes on unchanged (a failure stays a failure). If {@code action} throws, its exception
     * becomes the failure (with a failure it replaced attached as suppressed).
     *
     * <pre>{@code
     * d.onComplete(t -> metrics.record(t.isSuccess()));
     * }</pre>
     *
     * @param action receives {@code Try.success(value)} or {@code Try.failure(failure)}
     * @return this Deferred
     * @throws NullPointerException if {@code action} is null
     */
    public Deferred<T> onComplete(CheckedConsumer<? super Try<T>> action) {
        ChainStep step = ChainStep.observe(requireFunction(action, "onComplete"), true);
        enqueue(step, step);
        return this;
    }

    /**
     * Adds an errback; values pass it by. Returning from it recovers: the returned value goes to
     * the next callback. Rethrow to pass the failure on.
     *
     * <p>Returning a Deferred fails the chain with an {@link IllegalStateException}: to recover
     * asynchronously, use {@link #addErrbackDeferred}.
     *
     * @param eb receives the failure
     * @return this Deferred
     * @throws NullPointerException if {@code eb} is null
     */
    public Deferred<T> addErrback(CheckedFunction1<? super Throwable, ? extends T> eb) {
        enqueue(null, requireFunction(eb, "addErrback"));
        return self();
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
        enqueue(null, ChainStep.trap(type, requireFunction(eb, "addErrback")));
        return self();
    }

    /**
     * Adds a function that runs for a value or a failure alike, seeing it as a vavr {@link Try}
     * (Twisted's {@code addBoth}). Useful for clean-up; to pass a failure on, rethrow it
     * ({@code t.get()} does). For clean-up that is itself asynchronous, use
     * {@link #addBothDeferred} (returning a Deferred here fails the chain); for a side effect that
     * passes the result on, {@link #onComplete}.
     *
     * @param fn receives {@code Try.success(value)} or {@code Try.failure(failure)}
     * @param <R> the next result type
     * @return this Deferred, re-typed
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> Deferred<R> addBoth(CheckedFunction1<? super Try<T>, ? extends R> fn) {
        ChainStep step = ChainStep.both(requireFunction(fn, "addBoth"));
        enqueue(step, step);
        return self();
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
        enqueue(requireFunction(cb, "addCallbacks"), requireFunction(eb, "addCallbacks"));
        return self();
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
        HandOff h = HandOff.chained(other);
        enqueue(h, h);
        return (Deferred<Void>) this;
    }

    // ------------------------------------------------------------------ pause

    /**
     * Stops the chain before its next entry until a matching {@link #unpause()}. Counted: two
     * pauses need two unpauses. Firing a paused Deferred stores the result without running
     * anything. A pause from inside a callback takes effect when that callback returns.
     */
    public void pause() {
        pauseOnce();
    }

    /**
     * Undoes one {@link #pause()}; at zero, a fired Deferred runs the rest of its chain now, on
     * this thread.
     *
     * @throws IllegalStateException if the Deferred is not paused (Twisted would stall forever)
     */
    public void unpause() {
        unpauseOnce();
    }

    /**
     * Whether {@link #pause()} has been called more often than {@link #unpause()}.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return pausedNow();
    }

    /**
     * Whether this Deferred has been fired (by {@code callback}, {@code errback} or a
     * cancellation). Twisted's {@code called}.
     *
     * @return true once fired; never goes back to false
     */
    public boolean isCalled() {
        return calledNow();
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
     *   <li>Running its callbacks right now (on another thread, or this is one of them): the request
     *       is remembered, and if the chain then waits on an inner Deferred (the running callback, or
     *       a later one, returned it) that inner one is cancelled at once. If the chain comes to rest
     *       with a result instead, the request lapses. (Twisted, single-threaded, ignores a cancel()
     *       from a Deferred's own callback; with threads the same no-op would lose a request that
     *       merely raced a callback.)</li>
     *   <li>Otherwise (fired and at rest, or paused): does nothing.</li>
     * </ul>
     * Callbacks triggered by the cancellation run on this thread before {@code cancel()} returns.
     */
    public void cancel() {
        ChainCancellation.cancelChain(this, ChainCancellation.NO_HOOK);
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
        if (clock == null) {
            throw new NullPointerException("addTimeout(timeout, clock): clock is null; pass a reactor, "
                    + "ReactorTime.of(scheduledExecutor), or use addTimeout(timeout) for the library's timer");
        }
        return addTimeout(timeout, clock, Deferred::cancelledToTimeout);
    }

    /**
     * As {@link #addTimeout(Duration, ReactorTime)}, without a reactor: the deadline is kept by
     * the library's own timer, one daemon thread named {@code deferred-timer}, started on first
     * use (as {@code CompletableFuture.orTimeout} does).
     *
     * <p><b>Threads:</b> when the deadline passes first, the cancellation and the callbacks that
     * follow it run on the {@code deferred-timer} thread, which serves every such timeout: keep
     * them short, or hop to your own executor. When the Deferred fires in time, the chain runs on
     * the firing thread as usual and the timer entry is removed.
     *
     * <pre>{@code
     * fetch(url).addTimeout(Duration.ofSeconds(2))
     *           .addErrback(TimeoutException.class, e -> cached(url));
     * }</pre>
     *
     * @param timeout how long to wait; must be positive
     * @return this Deferred
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Deferred<T> addTimeout(Duration timeout) {
        if (timeout == null) {
            throw new NullPointerException("addTimeout(timeout): timeout is null; pass a Duration such as Duration.ofSeconds(5)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("addTimeout(timeout): timeout must be positive, got " + timeout);
        }
        return addTimeout(timeout, ExecutorTime.Shared.TIME, Deferred::cancelledToTimeout);
    }

    /**
     * As {@link #addTimeout(Duration, ReactorTime)}, but on a timeout {@code onTimeoutCancel}
     * decides the result: it receives the result the cancellation produced and the timeout, and
     * what it returns or throws becomes the result. It is not called when the Deferred fires in
     * time or is cancelled by hand, nor when the deadline passes while the chain is running towards
     * a result (a callback still running on another thread): such a deadline cancels nothing, as
     * {@link #cancel()} on a running chain does not, unless the chain then waits on an inner
     * Deferred, which is cancelled and does time out.
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
        // timedOut is set where the cancellation takes effect, and only if it does: a deadline
        // that passes while the chain runs towards a value cancels nothing and changes nothing.
        state.call = clock.callLater(timeout, () -> ChainCancellation.cancelChain(this, self -> state.timedOut = true));
        ChainStep translate = (r, failed) -> {
            if (!state.timedOut) {
                return passOn(r, failed);
            }
            Try<T> t = Failures.asTry(r, failed);
            return onTimeoutCancel.apply(t, timeout);
        };
        ChainStep stopTimer = (r, failed) -> {
            state.stop();
            return passOn(r, failed);
        };
        enqueue(translate, translate);
        enqueue(stopTimer, stopTimer);
        return this;
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
                } catch (DelayedCallAlreadyCalledException | DelayedCallAlreadyCancelledException raced) {
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
     * Turns on (or off) debug mode: async stack traces for Deferreds. While it is on:
     * <ul>
     *   <li>each Deferred records where it was created and first fired; the stacks appear in
     *       {@link AlreadyCalledException} messages and unhandled-error reports;</li>
     *   <li>each step records where it was added, and a failure carries its <em>trail</em>: the
     *       Deferreds it went through (with where each was created), the steps that received or
     *       raised it (with where each was added), and the hand-offs between Deferreds waiting on
     *       each other, newest first. The trail is attached to the failure as a suppressed
     *       throwable, so every printout of the failure shows it (unhandled-error reports,
     *       {@code failureResultOf} messages, your own logs);</li>
     *   <li>{@link #dumpPending()} lists the Deferreds still pending.</li>
     * </ul>
     * Stacks are printed newest frame first, with the library's own frames folded.
     *
     * <p>Cost: every Deferred and every step captures a stack trace (a {@code Throwable}). Measured
     * with JMH ({@code DebugModeBenchmark}, a Deferred with three steps, fired): about 0.1&nbsp;µs
     * and 104 bytes with debug mode off, about 9&nbsp;µs and 3.9&nbsp;KB with it on (on a loaded
     * machine), i.e. some 2&ndash;3&nbsp;µs and 1&nbsp;KB per step, growing with the depth of the
     * caller's stack. Meant for finding a bug, not for production. Affects Deferreds created and
     * steps added afterwards. To debug a program from its first Deferred without changing it, start
     * the JVM with {@code -Ddev.deferred.debug=true}.
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
     * Lists every live Deferred that has not fired yet, or has fired and is waiting on another
     * Deferred, with where it was created and what it waits on or is awaited by (Kotlin's
     * {@code DebugProbes.dumpCoroutines}): the answer to "why is my program stuck?". Only
     * Deferreds created while {@link #setDebugging(boolean) debugging} was on are known; call it
     * from a test, from {@code main}, or on a running reactor (the reactor's own dump adds its
     * pending timers and connections). Thread-safe; takes each Deferred's lock briefly.
     *
     * <pre>{@code
     * Deferred.setDebugging(true);
     * Deferred<Page> page = fetch(url);
     * System.out.print(Deferred.dumpPending());
     * // 1 pending Deferred (created while debugging was on; oldest first):
     * // Deferred@1b6d3586 {pending}
     * //     created at:
     * //     ... 2 deferred frames
     * //     at com.example.Client.fetch(Client.java:42)
     * }</pre>
     *
     * @return the dump, one entry per pending Deferred, oldest first; a header line only if none
     */
    public static String dumpPending() {
        return PendingDeferreds.dump();
    }

    /**
     * Describes the state: {@code Deferred@1b6d3586{pending}}, {@code {current result: 42}},
     * {@code {current result: failure java.io.IOException: gone}},
     * {@code {waiting on Deferred@4554617c}}, or {@code {running callbacks}} while a thread is
     * running the chain (the result is then in flux and not shown).
     */
    @Override
    public String toString() {
        return identity() + "{" + ChainDescription.describeState(this) + "}";
    }

    private static <F> F requireFunction(F fn, String method) {
        if (fn == null) {
            throw new NullPointerException(method + ": the function is null; pass a function (x -> x passes a result through)");
        }
        return fn;
    }
}
