package dev.deferred.future;

import dev.deferred.Deferred;
import io.vavr.concurrent.Future;
import io.vavr.concurrent.Promise;
import io.vavr.control.Option;
import io.vavr.control.Try;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The vavr {@link Future} that {@link DeferredFutures#toVavrFuture} returns: a promise's future that
 * receives the Deferred's result, wrapped so that {@link #cancel(boolean)} also cancels the
 * Deferred. vavr offers no hook on cancellation, hence the wrapper; every other method is the
 * promise's future's own, so derived futures ({@code map}, ...) behave as vavr's always do and do
 * not carry cancellation upstream.
 */
final class HandedOverVavrFuture<T> implements Future<T> {

    /** The promise's future; completed (once, by vavr's own locking) by the Deferred or by cancel. */
    private final Future<T> delegate;
    /** The Deferred that completes {@link #delegate}. Final: safe to cancel from any thread. */
    private final Deferred<?> source;

    private HandedOverVavrFuture(Future<T> delegate, Deferred<?> source) {
        this.delegate = delegate;
        this.source = source;
    }

    /** Hands {@code source}'s result over to a new vavr Future whose callbacks run on {@code executor}. */
    static <T> Future<T> of(Deferred<T> source, Executor executor) {
        Promise<T> promise = Promise.make(executor);
        HandedOverVavrFuture<T> future = new HandedOverVavrFuture<>(promise.future(), source);
        // try*: after a cancel the promise is already complete and the Deferred's result is dropped.
        // Returning null leaves the Deferred holding nothing, so its failure is not also unhandled.
        source.addCallbacks(value -> {
            promise.trySuccess(value);
            return null;
        }, failure -> {
            promise.tryFailure(failure);
            return null;
        });
        return future;
    }

    /**
     * Cancels the future first, so it reports cancelled whatever the Deferred's canceller does,
     * then the Deferred, so the operation behind it stops.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = delegate.cancel(mayInterruptIfRunning);
        if (cancelled) {
            source.cancel();
        }
        return cancelled;
    }

    @Override
    public Future<T> await() {
        delegate.await();
        return this;
    }

    @Override
    public Future<T> await(long timeout, TimeUnit unit) {
        delegate.await(timeout, unit);
        return this;
    }

    @Override
    public Executor executor() {
        return delegate.executor();
    }

    @Override
    @Deprecated
    public ExecutorService executorService() {
        return delegate.executorService();
    }

    @Override
    public Option<Try<T>> getValue() {
        return delegate.getValue();
    }

    @Override
    public boolean isCancelled() {
        return delegate.isCancelled();
    }

    @Override
    public boolean isCompleted() {
        return delegate.isCompleted();
    }

    @Override
    public Future<T> onComplete(Consumer<? super Try<T>> action) {
        delegate.onComplete(action);
        return this;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
