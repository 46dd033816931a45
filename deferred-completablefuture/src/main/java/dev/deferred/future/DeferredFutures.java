package dev.deferred.future;

import dev.deferred.Deferred;
import io.vavr.concurrent.Future;
import io.vavr.control.Option;
import io.vavr.control.Try;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Converts between {@link Deferred} and {@link CompletableFuture} / {@link CompletionStage}, and
 * between {@link Deferred} and vavr's {@link Future}, in both directions.
 *
 * <pre>{@code
 * // CompletableFuture code calling Deferred code
 * CompletableFuture<Page> page = DeferredFutures.toCompletableFuture(fetch(url));
 *
 * // Deferred code calling CompletableFuture code, callbacks on the reactor thread
 * Deferred<User> user = DeferredFutures.fromCompletionStage(client.findUser(id), reactor);
 *
 * // both in one chain
 * Deferred<Integer> size = lookup(name).addCallbackDeferred(
 *         addr -> DeferredFutures.fromCompletionStage(http.get(addr).thenApply(Body::size)));
 * }</pre>
 *
 * <h2>What a round trip keeps</h2>
 * Values (null included) pass unchanged. A failure keeps its identity: the very exception object
 * travels, never wrapped (a {@link CompletionException} or {@link ExecutionException} from the
 * future side is unwrapped to its cause). Cancellation travels both ways: cancelling the outer
 * object cancels the inner one, and a cancelled source gives a {@link CancellationException} on
 * the other side, which for a {@code CompletableFuture} means {@code isCancelled()}.
 *
 * <h2>Handing over</h2>
 * Converting a Deferred hands its result over, as returning it from a callback does: the Deferred
 * is left holding {@code null}, and its failure belongs to the future (it is never also logged as
 * an unhandled error in the Deferred). Callbacks added to the Deferred after the conversion see
 * {@code null}; add them to the future instead.
 *
 * <h2>Threads</h2>
 * Nothing here starts a thread. A future made from a Deferred completes on the thread that fires the
 * Deferred (so its dependent stages run there too, as {@code CompletableFuture} does). A Deferred
 * made from a stage fires on the thread that completes the stage, or, with an {@code executor}
 * argument (for example a reactor's), through that executor. The sources may complete on any
 * thread; every method is safe to call from any thread.
 *
 * <h2>Context</h2>
 * A Deferred made from a stage or a vavr future fires in the {@link dev.deferred.DeferredContext}
 * that was current at the conversion, on whichever thread. A future made from a Deferred is
 * completed by a callback, so it completes in the context of the conversion, and stages that
 * depend on it synchronously run in it too; async stages and vavr callbacks run on executors that
 * carry no context (wrap their tasks with {@code DeferredContext.wrapCurrent}).
 *
 * <h2>Why there is no {@code CompletionStage} view of a Deferred</h2>
 * {@link #toCompletableFuture} already gives a {@code CompletionStage}, and a complete one
 * ({@code get}, {@code join}, {@code cancel}, {@code orTimeout}). A view that left the result in the
 * Deferred would be ill-defined, because a Deferred's result changes as callbacks are added: the
 * view would show whatever the chain held when it was attached, while the same failure would also
 * stay in the Deferred to be handled (or reported as unhandled) a second time. And making
 * {@code Deferred} itself a {@code CompletionStage} would mix two models on one object, callbacks
 * that replace the result in place and stage methods that create new stages, whose cancellation and
 * threading rules differ. One explicit conversion is clearer.
 */
public final class DeferredFutures {
    private DeferredFutures() {}

    // ------------------------------------------------------------------ CompletableFuture

    /**
     * A {@code CompletableFuture} that completes with {@code deferred}'s result: its value, or the
     * very exception it failed with (not wrapped; {@code get()} and {@code join()} wrap it as they
     * always do). The result is handed over: {@code deferred} is left holding {@code null}.
     *
     * <pre>{@code
     * String body = DeferredFutures.toCompletableFuture(fetch(url)).get(5, TimeUnit.SECONDS);
     * }</pre>
     *
     * <p><b>When and where:</b> if {@code deferred} has already fired, the future is complete
     * before this returns; otherwise it completes on the thread that fires {@code deferred}, and
     * the future's dependent stages run there.
     *
     * <p><b>Cancellation:</b> {@code future.cancel(...)} cancels the future and then
     * {@code deferred} (and so whatever it waits on); the future stays cancelled whatever the
     * Deferred's canceller does. A Deferred failing with {@link CancellationException} gives a
     * cancelled future. Completing the future any other way ({@code complete},
     * {@code orTimeout}...) does not touch {@code deferred}; its later result is then dropped. For
     * a timeout that also stops the operation, use {@link Deferred#addTimeout} before converting.
     *
     * <p><b>Called twice</b> on the same Deferred: the first future takes the result and the second
     * completes with {@code null}, as a second callback would.
     *
     * @param deferred the Deferred whose result the future takes
     * @param <T> the result type
     * @return a new future, never null
     * @throws NullPointerException if {@code deferred} is null
     */
    public static <T> CompletableFuture<T> toCompletableFuture(Deferred<T> deferred) {
        requireArgument(deferred, "toCompletableFuture(deferred)", "the Deferred to convert");
        HandedOverFuture<T> future = new HandedOverFuture<>(deferred);
        deferred.addCallbacks(future::succeed, future::fail);
        return future;
    }

    /**
     * A Deferred that fires with {@code stage}'s outcome: its value, or its failure with any
     * {@link CompletionException}/{@link ExecutionException} wrapping removed.
     *
     * <pre>{@code
     * Deferred<User> user = DeferredFutures.fromCompletionStage(repository.findAsync(id));
     * }</pre>
     *
     * <p><b>When and where:</b> an already completed {@code CompletableFuture} gives an already
     * fired Deferred (no stage is attached). Otherwise the Deferred fires, and its callbacks run,
     * on the thread that completes {@code stage}.
     *
     * <p><b>Cancellation:</b> cancelling the Deferred before it fires fails it with
     * {@link CancellationException} and, if {@code stage} is a {@link java.util.concurrent.Future}
     * (every {@code CompletableFuture} is), calls its {@code cancel(true)}. A stage that is not a
     * {@code Future} (or refuses, as {@code minimalCompletionStage()} does) cannot be stopped: it
     * runs on, and its eventual result is dropped. Deliberately, {@code stage.toCompletableFuture()}
     * is not cancelled instead: for a foreign stage that is a new future (or an exception), and
     * cancelling it would stop nothing. Whichever comes second of the cancellation and the stage's
     * own result is ignored; nothing is fired twice.
     *
     * @param stage the stage to follow
     * @param <T> the result type
     * @return a new Deferred; the caller owns it and is expected to add callbacks
     * @throws NullPointerException if {@code stage} is null
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage) {
        requireArgument(stage, "fromCompletionStage(stage)", "the CompletionStage to follow");
        if (stage instanceof CompletableFuture<? extends T> f) {
            Deferred<T> done = completedNow(f);
            if (done != null) {
                return done;
            }
        }
        return attach(stage, null);
    }

    /**
     * A Deferred that fires with {@code stage}'s outcome through {@code executor}: the Deferred is
     * fired by a task run on {@code executor}, so its callbacks run there (give a reactor's
     * executor to get them on the reactor thread). Values, failures and cancellation behave as in
     * {@link #fromCompletionStage(CompletionStage)}.
     *
     * <pre>{@code
     * Deferred<Row> row = DeferredFutures.fromCompletionStage(db.queryAsync(sql), reactorExecutor);
     * }</pre>
     *
     * <p><b>When and where:</b> always through {@code executor}, even if {@code stage} is already
     * complete, so the Deferred is never fired by the calling thread inside this call (unless the
     * executor itself runs tasks inline). If {@code executor} refuses the
     * task (it is shut down, say), the Deferred fails on the completing thread with a
     * {@link java.util.concurrent.RejectedExecutionException} (whose cause is the refusal and whose
     * suppressed exception is the stage's failure, if any) rather than never firing. An executor
     * that accepts the task and then drops it (a stopped reactor drops late calls) leaves the
     * Deferred unfired: nothing here can tell.
     *
     * <p><b>Cancellation:</b> as without an executor; since the stage's cancellation then reaches
     * the Deferred later through {@code executor}, the Deferred fails at once with its own
     * {@link CancellationException} and the stage's late report is dropped.
     *
     * @param stage the stage to follow
     * @param executor where the Deferred is fired
     * @param <T> the result type
     * @return a new Deferred
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage, Executor executor) {
        requireArgument(stage, "fromCompletionStage(stage, executor)", "the CompletionStage to follow");
        requireArgument(executor, "fromCompletionStage(stage, executor)",
                "the Executor to fire the Deferred on (or call fromCompletionStage(stage) to fire it on the completing thread)");
        return attach(stage, executor);
    }

    /**
     * The fast path: a {@code CompletableFuture} that already has a value or a failure gives a
     * fired Deferred with no stage and no bridge allocated. Null when the path does not apply: not
     * complete, cancelled (the general path delivers the future's own CancellationException), or a
     * {@code minimalCompletionStage()}, which refuses to be inspected.
     */
    private static <T> Deferred<T> completedNow(CompletableFuture<? extends T> f) {
        T value;
        Throwable failure = null;
        try {
            switch (f.state()) {
                case SUCCESS -> value = f.resultNow();
                case FAILED -> {
                    value = null;
                    failure = f.exceptionNow();
                }
                default -> {
                    return null;
                }
            }
        } catch (UnsupportedOperationException minimalStage) {
            return null;
        }
        Deferred<T> d = new Deferred<>();
        SourceBridge.fire(d, value, failure);
        return d;
    }

    private static <T> Deferred<T> attach(CompletionStage<? extends T> stage, Executor executor) {
        SourceBridge<T> bridge = new SourceBridge<>(stage instanceof java.util.concurrent.Future<?> ? stage : null, executor);
        stage.whenComplete(bridge);
        return bridge.deferred;
    }

    // ------------------------------------------------------------------ vavr Future

    /**
     * A vavr {@link Future} that completes with {@code deferred}'s result, as
     * {@link #toCompletableFuture} does (value or the exception itself; handed over;
     * {@code future.cancel(...)} cancels the future, then {@code deferred}). Its callbacks run on
     * vavr's {@link Future#DEFAULT_EXECUTOR}, as vavr's own futures' do.
     *
     * <pre>{@code
     * Future<Page> page = DeferredFutures.toVavrFuture(fetch(url)).map(Page::parse);
     * }</pre>
     *
     * <p><b>When:</b> complete before this returns if {@code deferred} has fired, else when it
     * fires. Only cancelling the returned future itself reaches the Deferred: futures derived from
     * it by {@code map} and the like are vavr's own.
     *
     * @param deferred the Deferred whose result the future takes
     * @param <T> the result type
     * @return a new vavr Future
     * @throws NullPointerException if {@code deferred} is null
     */
    public static <T> Future<T> toVavrFuture(Deferred<T> deferred) {
        requireArgument(deferred, "toVavrFuture(deferred)", "the Deferred to convert");
        return HandedOverVavrFuture.of(deferred, Future.DEFAULT_EXECUTOR);
    }

    /**
     * As {@link #toVavrFuture(Deferred)}, with the vavr Future's callbacks ({@code onComplete},
     * {@code map}...) run on {@code executor}.
     *
     * @param deferred the Deferred whose result the future takes
     * @param executor where vavr runs the future's callbacks
     * @param <T> the result type
     * @return a new vavr Future
     * @throws NullPointerException if an argument is null
     */
    public static <T> Future<T> toVavrFuture(Deferred<T> deferred, Executor executor) {
        requireArgument(deferred, "toVavrFuture(deferred, executor)", "the Deferred to convert");
        requireArgument(executor, "toVavrFuture(deferred, executor)",
                "the Executor for the future's callbacks (or call toVavrFuture(deferred) for vavr's default)");
        return HandedOverVavrFuture.of(deferred, executor);
    }

    /**
     * A Deferred that fires with {@code future}'s outcome (value, or failure unwrapped as in
     * {@link #fromCompletionStage(CompletionStage)}).
     *
     * <pre>{@code
     * Deferred<Integer> n = DeferredFutures.fromVavrFuture(Future.of(() -> count()));
     * }</pre>
     *
     * <p><b>When and where:</b> a completed {@code future} gives an already fired Deferred.
     * Otherwise the Deferred fires on the thread vavr runs {@code future}'s callbacks on (its
     * executor; vavr never runs them on the completing thread).
     *
     * <p><b>Cancellation:</b> cancelling the Deferred before it fires calls {@code future.cancel(true)}
     * (vavr's default: it interrupts the computation if one is running) and fails the Deferred with
     * {@link CancellationException}; vavr reports the future's completion later, and that report is
     * dropped.
     *
     * @param future the vavr future to follow
     * @param <T> the result type
     * @return a new Deferred
     * @throws NullPointerException if {@code future} is null
     */
    public static <T> Deferred<T> fromVavrFuture(Future<? extends T> future) {
        requireArgument(future, "fromVavrFuture(future)", "the vavr Future to follow");
        return attach(future, null);
    }

    /**
     * A Deferred that fires with {@code future}'s outcome through {@code executor}, always (even if
     * {@code future} is already complete). Values, failures, cancellation and a refusing executor
     * behave as in {@link #fromCompletionStage(CompletionStage, Executor)} and
     * {@link #fromVavrFuture(Future)}.
     *
     * @param future the vavr future to follow
     * @param executor where the Deferred is fired
     * @param <T> the result type
     * @return a new Deferred
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deferred<T> fromVavrFuture(Future<? extends T> future, Executor executor) {
        requireArgument(future, "fromVavrFuture(future, executor)", "the vavr Future to follow");
        requireArgument(executor, "fromVavrFuture(future, executor)",
                "the Executor to fire the Deferred on (or call fromVavrFuture(future))");
        return attach(future, executor);
    }

    private static <T> Deferred<T> attach(Future<? extends T> future, Executor executor) {
        SourceBridge<T> bridge = new SourceBridge<>(future, executor);
        Option<? extends Try<? extends T>> now = future.getValue();
        if (now.isDefined()) {
            // Already complete: skip vavr's hop through its own executor. Without an executor of
            // ours the Deferred is fired before this returns.
            deliver(bridge, now.get());
        } else {
            future.onComplete(outcome -> deliver(bridge, outcome));
        }
        return bridge.deferred;
    }

    private static <T> void deliver(SourceBridge<T> bridge, Try<? extends T> outcome) {
        bridge.accept(outcome.getOrNull(), outcome.isFailure() ? outcome.getCause() : null);
    }

    private static void requireArgument(Object argument, String method, String what) {
        if (argument == null) {
            throw new NullPointerException(method + ": argument is null; pass " + what);
        }
    }
}
