package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** CompletionStage to Deferred, without an executor: values, unwrapped failures, the fast path. */
class CompletionStageToDeferredTest {

    @Test
    void aCompletedFutureGivesADeferredThatHasAlreadyFired() {
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletableFuture.completedFuture("now"));
        assertTrue(d.isCalled(), "fired before fromCompletionStage returned");
        assertEquals("now", Outcome.now(d).value());
    }

    @Test
    void aCompletedNullPassesThrough() {
        Deferred<Object> d = DeferredFutures.fromCompletionStage(CompletableFuture.completedFuture(null));
        assertNull(Outcome.now(d).value());
    }

    @Test
    void aFailedFutureGivesTheVeryException() {
        IOException boom = new IOException("refused");
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletableFuture.failedFuture(boom));
        assertSame(boom, Outcome.now(d).failure(IOException.class));
    }

    @Test
    void theDeferredFiresWhenTheFutureCompletesLater() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Deferred<Integer> d = DeferredFutures.fromCompletionStage(f);
        assertFalse(d.isCalled());
        f.complete(7);
        assertEquals(7, Outcome.now(d).value());
    }

    @Test
    void aFailureFromUpstreamIsUnwrappedFromCompletionException() {
        IllegalStateException boom = new IllegalStateException("upstream");
        CompletableFuture<String> source = new CompletableFuture<>();
        // A dependent stage sees the upstream failure wrapped in a CompletionException.
        CompletableFuture<String> dependent = source.thenApply(s -> s + "!");
        Deferred<String> d = DeferredFutures.fromCompletionStage(dependent);
        source.completeExceptionally(boom);
        assertSame(boom, Outcome.now(d).failure(IllegalStateException.class));
    }

    @Test
    void aFailureWrappedByHandIsUnwrappedToo() {
        IOException cause = new IOException("inside");
        Deferred<String> fromExecution = DeferredFutures.fromCompletionStage(
                CompletableFuture.failedFuture(new ExecutionException(cause)));
        assertSame(cause, Outcome.now(fromExecution).failure(IOException.class));
        CompletableFuture<String> late = new CompletableFuture<>();
        Deferred<String> fromCompletion = DeferredFutures.fromCompletionStage(late);
        late.completeExceptionally(new CompletionException(new ExecutionException(cause)));
        assertSame(cause, Outcome.now(fromCompletion).failure(IOException.class));
    }

    @Test
    void aWrapperWithoutACauseIsKept() {
        CompletionException bare = new CompletionException("no cause", null);
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletableFuture.failedFuture(bare));
        assertSame(bare, Outcome.now(d).failure(CompletionException.class));
    }

    @Test
    void aCancelledFutureGivesACancellation() {
        CompletableFuture<String> done = new CompletableFuture<>();
        done.cancel(false);
        Outcome.now(DeferredFutures.fromCompletionStage(done)).failure(CancellationException.class);

        CompletableFuture<String> later = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(later);
        later.cancel(false);
        Outcome.now(d).failure(CancellationException.class);
    }

    @Test
    void aStageThatIsNotAFutureDeliversItsResult() {
        CompletableFuture<String> behind = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(notAFuture(behind));
        behind.complete("through the proxy");
        assertEquals("through the proxy", Outcome.now(d).value());
    }

    @Test
    void aMinimalStageIsFollowed() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(f.minimalCompletionStage());
        f.complete("seen");
        assertEquals("seen", Outcome.now(d).value());
    }

    @Test
    void aStageCompletingWithADeferredFailsClearly() {
        Deferred<Object> d = DeferredFutures.fromCompletionStage(CompletableFuture.completedFuture(new Deferred<>()));
        IllegalArgumentException e = Outcome.now(d).failure(IllegalArgumentException.class);
        assertTrue(e.getMessage().contains("toCompletableFuture"), e.getMessage());
    }

    @Test
    void nullArgumentsAreRejectedWithAMessage() {
        NullPointerException noStage = assertThrows(NullPointerException.class, () -> DeferredFutures.fromCompletionStage(null));
        assertTrue(noStage.getMessage().contains("CompletionStage"), noStage.getMessage());
        NullPointerException noExecutor = assertThrows(NullPointerException.class,
                () -> DeferredFutures.fromCompletionStage(new CompletableFuture<>(), null));
        assertTrue(noExecutor.getMessage().contains("Executor"), noExecutor.getMessage());
    }

    /** A CompletionStage that is not a java.util.concurrent.Future, backed by {@code behind}. */
    @SuppressWarnings("unchecked")
    static <T> CompletionStage<T> notAFuture(CompletableFuture<T> behind) {
        return (CompletionStage<T>) Proxy.newProxyInstance(CompletionStage.class.getClassLoader(),
                new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(behind, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
