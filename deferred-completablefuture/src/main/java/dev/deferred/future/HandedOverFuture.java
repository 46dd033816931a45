package dev.deferred.future;

import dev.deferred.Deferred;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link CompletableFuture} that {@link DeferredFutures#toCompletableFuture} returns: it receives
 * the Deferred's result, and cancelling it cancels the Deferred.
 *
 * <p>Only {@link #cancel(boolean)} reaches the Deferred. Completing this future some other way
 * ({@code complete}, {@code orTimeout}, ...) leaves the Deferred alone; its later result is then
 * dropped, as a {@code CompletableFuture} drops any completion after the first. Stages derived from
 * this one ({@code thenApply}, ...) are plain {@code CompletableFuture}s, so cancelling them does not
 * travel upstream, exactly as with any other {@code CompletableFuture}.
 */
final class HandedOverFuture<T> extends CompletableFuture<T> {

    /**
     * The Deferred whose result this future takes. Final and set before the future is shared, so
     * any thread that cancels sees it; cancelling a fired Deferred does nothing, which makes a
     * cancel that races with the result harmless.
     */
    private final Deferred<?> source;

    HandedOverFuture(Deferred<?> source) {
        this.source = source;
    }

    /**
     * Cancels this future first, so that it reports cancelled whatever the Deferred's canceller
     * does, and then the Deferred, so that the operation behind it stops. The Deferred's
     * resulting failure reaches {@link #fail} and is ignored there, because this future is
     * already complete: nothing is fired twice.
     *
     * <p>{@code CompletableFuture.cancel} answers true to every call once cancelled; only the call
     * that actually completes this future passes the cancellation on, so the Deferred (or what it
     * waits on by then) is cancelled once. {@code mayInterruptIfRunning} has no effect, as in
     * {@code CompletableFuture}.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (completeExceptionally(new CancellationException())) {
            source.cancel();
            return true;
        }
        return isCancelled();
    }

    /** The Deferred's callback: completes this future and leaves the Deferred holding null. */
    Object succeed(T value) {
        complete(value);
        return null;
    }

    /**
     * The Deferred's errback: fails this future with the failure itself, unwrapped, and leaves the
     * Deferred holding null, so the failure is reported (if at all) by whoever reads this future,
     * never also as an unhandled error in the Deferred.
     */
    Object fail(Throwable failure) {
        completeExceptionally(failure);
        return null;
    }
}
