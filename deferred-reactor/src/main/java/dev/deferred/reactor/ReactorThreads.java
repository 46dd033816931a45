package dev.deferred.reactor;

import dev.deferred.Deferred;
import io.vavr.CheckedFunction0;

/**
 * Moving work between the reactor thread and other threads: Twisted's {@code IReactorThreads} and
 * {@code twisted.internet.threads}.
 */
public interface ReactorThreads {

    /**
     * Runs blocking {@code fn} on the reactor's bounded thread pool and returns a Deferred that
     * fires with its value (or failure) <em>on the reactor thread</em>.
     *
     * <pre>{@code
     * reactor.deferToThread(() -> Files.readString(path))
     *        .addCallback(text -> { show(text); return null; });   // runs on the reactor thread
     * }</pre>
     *
     * <p>Cancelling the Deferred does not interrupt {@code fn}; its late result is ignored.
     *
     * <p>Whatever {@code fn} throws fires the Deferred: a {@linkplain dev.deferred.Failures#isFatal
     * fatal} throwable (a {@link LinkageError}, an {@link InterruptedException}) arrives wrapped in
     * a {@link dev.deferred.FatalErrorException}, and an interrupted pool thread keeps its
     * interrupt status.
     *
     * @param fn blocking work
     * @param <T> its result type
     * @return fires on the reactor thread with fn's result
     * @throws java.util.concurrent.RejectedExecutionException if the reactor has stopped
     */
    <T> Deferred<T> deferToThread(CheckedFunction0<? extends T> fn);

    /**
     * Runs {@code fn} on the thread pool and ignores its result (an exception is logged).
     *
     * @param fn blocking work
     */
    void callInThread(Runnable fn);

    /**
     * Runs {@code fn} on the reactor thread and blocks the calling (non-reactor) thread until it has
     * returned; gives back its value or throws what it threw.
     *
     * @param fn what to run on the reactor thread
     * @param <T> its result type
     * @return fn's value
     * @throws Exception what fn threw
     * @throws IllegalStateException if called on the reactor thread (it would wait for itself)
     */
    <T> T blockingCallFromThread(CheckedFunction0<? extends T> fn) throws Exception;

    /**
     * Runs {@code fn} on the reactor thread and blocks the calling (non-reactor) thread until the
     * Deferred it returns has fired; gives back the Deferred's value or throws its failure.
     *
     * @param fn what to run on the reactor thread
     * @param <T> the Deferred's result type
     * @return the Deferred's result
     * @throws Exception the failure of fn or of its Deferred
     * @throws IllegalStateException if called on the reactor thread (it would wait for itself)
     */
    <T> T blockingCallFromThreadDeferred(CheckedFunction0<? extends Deferred<? extends T>> fn) throws Exception;

    /**
     * Sets the maximum number of pool threads (Twisted's {@code suggestThreadPoolSize}).
     *
     * @param size at least 1
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    void suggestThreadPoolSize(int size);
}
