package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.future.DeferredFutures;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Example: bridging Deferreds and {@link CompletableFuture}s, for code that lives on both sides.
 *
 * <p>Shows: {@code toCompletableFuture} (a Deferred's result for future-based code, e.g. a caller
 * that blocks with {@code get}); {@code fromCompletionStage} (a future's result as a Deferred,
 * optionally delivered through an executor such as a reactor); and cancellation crossing the
 * bridge: cancelling the future cancels the Deferred, which runs its canceller.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.FuturesExample}
 */
public final class FuturesExample {
    private FuturesExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if a future fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws Exception {
        // Deferred -> CompletableFuture: future stages run when the Deferred fires.
        Deferred<Integer> answer = new Deferred<>();
        CompletableFuture<String> text = DeferredFutures.toCompletableFuture(answer).thenApply(n -> "answer=" + n);
        out.println("future done before the Deferred fires? " + text.isDone());
        answer.callback(42);
        out.println("after callback(42): " + text.get(1, TimeUnit.SECONDS));

        // CompletableFuture -> Deferred: the Deferred fires on the thread given (here a named one;
        // in a reactor program, pass the reactor to get callbacks on the reactor thread).
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-event-loop"));
        try {
            CompletableFuture<Integer> computed = new CompletableFuture<>();
            Deferred<String> back = DeferredFutures.fromCompletionStage(computed, loop)
                    .addCallback(n -> n + " arrived on " + Thread.currentThread().getName());
            // Completed after the callback was added: a callback added to a Deferred that has
            // already fired runs at once, on the thread adding it, not on the executor.
            CompletableFuture.runAsync(() -> computed.complete(6 * 7));
            out.println(DeferredFutures.toCompletableFuture(back).get(5, TimeUnit.SECONDS));
        } finally {
            loop.shutdown();
        }

        // Cancellation crosses the bridge: the future's cancel reaches the Deferred's canceller.
        Deferred<String> download = new Deferred<>(d -> out.println("canceller: download aborted"));
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(download);
        f.cancel(true);
        out.println("future cancelled: " + f.isCancelled() + "; Deferred: " + download);
    }
}
