package dev.deferred.future;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.Failures;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Fires a new Deferred with the outcome of a source (a {@code CompletionStage} or a vavr
 * {@code Future}), on the completing thread or through an executor, and cancels the source when
 * the Deferred is cancelled.
 *
 * <p>The one subtle case is the source's result arriving after the Deferred was cancelled, most
 * often as the echo of that very cancellation: cancelling the Deferred cancels the source, the
 * source completes with a {@code CancellationException} and reports it here. If the source reports
 * synchronously, from inside our canceller, that report fires the Deferred (a canceller may fire its
 * Deferred). If it reports later (through an executor, or a vavr Future's own thread), the core has
 * already failed the Deferred with its {@code CancellationException}; the late report is dropped
 * instead of raising {@link AlreadyCalledException} on some pool thread.
 */
final class SourceBridge<T> implements BiConsumer<T, Throwable>, Consumer<Deferred<T>> {

    /**
     * How many {@code CompletionException}/{@code ExecutionException} layers {@link #unwrap} peels
     * at most: a cause chain can be made cyclic, and a bound keeps that from looping forever.
     */
    private static final int MAX_UNWRAP = 32;

    final Deferred<T> deferred;
    /** Where the Deferred fires; null to fire on the thread that delivers the source's outcome. */
    private final Executor executor;
    /**
     * What cancelling the Deferred cancels: a {@code java.util.concurrent.Future}, a vavr
     * {@code Future}, or null when the source cannot be cancelled.
     */
    private final Object source;
    /**
     * Set by the canceller before it touches the source, read by {@link #settle} after. Volatile
     * because the canceller and the source's completion may run on different threads; a settle
     * that loses a race with the cancellation reads it after the Deferred's monitor has shown it
     * fired, so it always sees {@code true} then.
     */
    private volatile boolean cancelled;

    /** The context of the conversion call: the Deferred fires in it, on whichever thread. */
    private final DeferredContext context = DeferredContext.current();

    SourceBridge(Object source, Executor executor) {
        this.source = source;
        this.executor = executor;
        this.deferred = new Deferred<>(this);
    }

    /** The canceller: remember the cancellation, then stop the source if it can be stopped. */
    @Override
    public void accept(Deferred<T> self) {
        cancelled = true;
        if (source instanceof java.util.concurrent.Future<?> f) {
            try {
                f.cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                // minimalCompletionStage() is a Future whose cancel() refuses: treat it as a stage
                // that is not a Future. The Deferred still fails with CancellationException.
            }
        } else if (source instanceof io.vavr.concurrent.Future<?> f) {
            f.cancel(true);
        }
    }

    /** The source's outcome: fire the Deferred here, or hand that to the executor. */
    @Override
    public void accept(T value, Throwable failure) {
        Executor e = executor;
        if (e == null) {
            settle(value, failure);
            return;
        }
        try {
            e.execute(() -> settle(value, failure));
        } catch (RuntimeException refused) {
            // A Deferred that never fires is worse than one that fires on the wrong thread: fail it
            // here with the refusal, keeping a failed source's own failure as a suppressed one.
            RejectedExecutionException r = new RejectedExecutionException(
                    "the executor refused the task that fires the Deferred, so it fails on the completing thread instead",
                    refused);
            if (failure != null) {
                r.addSuppressed(unwrap(failure));
            }
            settle(null, r);
        }
    }

    private void settle(T value, Throwable failure) {
        if (!context.isEmpty()) {
            context.run(() -> settleHere(value, failure));
            return;
        }
        settleHere(value, failure);
    }

    private void settleHere(T value, Throwable failure) {
        if (cancelled && deferred.isCalled()) {
            return; // the late result of a cancelled source (see the class comment)
        }
        try {
            fire(deferred, value, failure);
        } catch (AlreadyCalledException raced) {
            // Cancelled on another thread between the check above and the fire: drop it as above.
            // Without a cancellation someone else fired a Deferred only we should fire; say so.
            if (!cancelled) {
                throw raced;
            }
        }
    }

    /**
     * Fires {@code d} with a value, or with {@code failure} unwrapped. A value that is itself a
     * Deferred fails {@code d}: a Deferred cannot be a result (it would be waited on in a callback,
     * but a source cannot be), and throwing here would leave {@code d} unfired.
     */
    static <T> void fire(Deferred<T> d, T value, Throwable failure) {
        if (failure != null) {
            d.errback(Failures.asFailure(unwrap(failure)));
        } else if (value instanceof Deferred<?>) {
            d.errback(new IllegalArgumentException("the source completed with a Deferred, which cannot be a Deferred's "
                    + "result: complete it with the Deferred's result instead (convert it with toCompletableFuture)"));
        } else {
            d.callback(value);
        }
    }

    /**
     * The failure a user wants to see: a {@code CompletableFuture} wraps an upstream failure in
     * {@link CompletionException} for its dependents, and {@code Future.get} in
     * {@link ExecutionException}; the Deferred gets the cause itself.
     */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; i < MAX_UNWRAP && (t instanceof CompletionException || t instanceof ExecutionException); i++) {
            Throwable cause = t.getCause();
            if (cause == null) {
                break;
            }
            t = cause;
        }
        return t;
    }
}
