package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.testing.NoUnhandledErrorsExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chains that mix both types: {@code thenCompose} over Deferred steps, {@code addCallbackDeferred}
 * over CompletableFuture steps, in one flow, with values, failures and cancellation.
 */
@ExtendWith(NoUnhandledErrorsExtension.class)
class MixedCompositionTest {

    /** A Deferred-returning step whose result the test fires by hand. */
    private final List<Deferred<Integer>> pendingDeferreds = new ArrayList<>();
    /** A CompletableFuture-returning step whose result the test completes by hand. */
    private final List<CompletableFuture<Integer>> pendingFutures = new ArrayList<>();

    private Deferred<Integer> deferredStep(int x) {
        Deferred<Integer> d = new Deferred<>();
        pendingDeferreds.add(d);
        return d.addCallback(v -> v + x);
    }

    private CompletableFuture<Integer> futureStep(int x) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        pendingFutures.add(f);
        return f.thenApply(v -> v * x);
    }

    @Test
    void thenComposeOverDeferredStepsAndBackIntoADeferred() throws Exception {
        CompletableFuture<Integer> start = new CompletableFuture<>();
        CompletableFuture<Integer> chain = start
                .thenCompose(x -> DeferredFutures.toCompletableFuture(deferredStep(x)))
                .thenCompose(this::futureStep)
                .thenCompose(x -> DeferredFutures.toCompletableFuture(Deferred.succeed(x + 1)));
        Deferred<Integer> end = DeferredFutures.fromCompletionStage(chain).addCallback(x -> x * 10);
        start.complete(1);
        pendingDeferreds.get(0).callback(2);   // 2 + 1 = 3
        pendingFutures.get(0).complete(4);      // 4 * 3 = 12, then + 1 = 13
        assertEquals(130, Outcome.now(end).value());
    }

    @Test
    void addCallbackDeferredOverFutureStepsAndBackIntoAFuture() throws Exception {
        Deferred<Integer> start = new Deferred<>();
        Deferred<Integer> chain = start
                .addCallbackDeferred(x -> DeferredFutures.fromCompletionStage(futureStep(x)))
                .addCallbackDeferred(this::deferredStep)
                .addCallbackDeferred(x -> DeferredFutures.fromCompletionStage(CompletableFuture.completedFuture(x - 1)));
        CompletableFuture<Integer> end = DeferredFutures.toCompletableFuture(chain).thenApply(x -> -x);
        start.callback(3);
        pendingFutures.get(0).complete(5);      // 5 * 3 = 15
        pendingDeferreds.get(0).callback(10);   // 10 + 15 = 25, then - 1 = 24
        assertEquals(-24, end.get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aFailureInTheMiddleKeepsItsTypeAcrossBothKinds() {
        IOException boom = new IOException("step two");
        Deferred<Integer> start = Deferred.succeed(1);
        Deferred<Integer> chain = start
                .addCallbackDeferred(x -> DeferredFutures.fromCompletionStage(
                        DeferredFutures.toCompletableFuture(deferredStep(x)).thenCompose(this::futureStep)))
                .addErrback(IOException.class, e -> {
                    assertSame(boom, e);
                    return -1;
                });
        pendingDeferreds.get(0).errback(boom);
        assertEquals(-1, Outcome.now(chain).value());
        assertTrue(pendingFutures.isEmpty(), "the step after the failure never ran");
    }

    @Test
    void cancellingTheOuterDeferredCancelsTheFutureItWaitsOn() {
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        Deferred<Integer> chain = Deferred.succeed(2)
                .addCallbackDeferred(x -> DeferredFutures.fromCompletionStage(inner));
        chain.cancel();
        assertTrue(inner.isCancelled());
        Outcome.now(chain).failure(CancellationException.class);
    }

    @Test
    void cancellingAFutureOverAChainCancelsTheFutureTheChainWaitsOn() {
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        Deferred<Integer> chain = Deferred.succeed(1)
                .addCallbackDeferred(x -> DeferredFutures.fromCompletionStage(inner))
                .addCallback(x -> x + 1);
        CompletableFuture<Integer> outer = DeferredFutures.toCompletableFuture(chain);
        assertTrue(outer.cancel(false));
        assertTrue(inner.isCancelled(), "future -> waiting Deferred -> the future it waits on");
        assertTrue(outer.isCancelled());
    }
}
