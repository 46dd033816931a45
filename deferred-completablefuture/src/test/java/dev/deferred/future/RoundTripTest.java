package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.testing.NoUnhandledErrorsExtension;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deferred to CompletableFuture to Deferred, and CompletableFuture to Deferred to
 * CompletableFuture: values, nulls, failures (the same object) and cancellation in either
 * direction come out as they went in, and nothing is fired twice.
 */
@ExtendWith(NoUnhandledErrorsExtension.class)
class RoundTripTest {

    private static <T> Deferred<T> viaFuture(Deferred<T> d) {
        return DeferredFutures.fromCompletionStage(DeferredFutures.toCompletableFuture(d));
    }

    private static <T> CompletableFuture<T> viaDeferred(CompletableFuture<T> f) {
        return DeferredFutures.toCompletableFuture(DeferredFutures.fromCompletionStage(f));
    }

    // ---------------------------------------------------------------- Deferred -> CF -> Deferred

    @Test
    void deferredRoundTripKeepsAValue() {
        Deferred<String> source = new Deferred<>();
        Deferred<String> back = viaFuture(source);
        source.callback("same");
        assertEquals("same", Outcome.now(back).value());
    }

    @Test
    void deferredRoundTripKeepsNull() {
        Deferred<String> back = viaFuture(Deferred.succeed(null));
        assertNull(Outcome.now(back).value());
    }

    @Test
    void deferredRoundTripKeepsTheFailureObject() {
        IOException boom = new IOException("original");
        Deferred<String> source = new Deferred<>();
        Deferred<String> back = viaFuture(source);
        source.errback(boom);
        assertSame(boom, Outcome.now(back).failure(IOException.class));
    }

    @Test
    void cancellingTheFarDeferredCancelsTheNearOne() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> source = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        Deferred<String> back = viaFuture(source);
        back.cancel();
        assertEquals(1, cancellerCalls.get());
        assertTrue(source.isCalled());
        Outcome.now(back).failure(CancellationException.class);
    }

    @Test
    void cancellingTheNearDeferredCancelsTheFarOne() {
        Deferred<String> source = new Deferred<>();
        Deferred<String> back = viaFuture(source);
        source.cancel();
        Outcome.now(back).failure(CancellationException.class);
    }

    @Test
    void aDeferredRoundTripOnAnotherThreadDeliversThere() throws Exception {
        try (TestThread firing = new TestThread("firing")) {
            Deferred<String> source = new Deferred<>();
            Outcome<String> outcome = Outcome.after(viaFuture(source), () -> firing.run(() -> source.callback("across")));
            assertEquals("across", outcome.value());
            assertSame(firing.thread(), outcome.thread());
        }
    }

    // ---------------------------------------------------------------- CF -> Deferred -> CF

    @Test
    void futureRoundTripKeepsAValue() throws Exception {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Integer> back = viaDeferred(source);
        source.complete(5);
        assertEquals(5, back.get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void futureRoundTripKeepsNull() {
        CompletableFuture<Object> back = viaDeferred(CompletableFuture.completedFuture(null));
        assertTrue(back.isDone());
        assertNull(back.join());
    }

    @Test
    void futureRoundTripKeepsTheFailureObject() {
        IllegalStateException boom = new IllegalStateException("original");
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> back = viaDeferred(source);
        source.completeExceptionally(boom);
        assertSame(boom, back.exceptionNow());
    }

    @Test
    void cancellingTheFarFutureCancelsTheNearOne() {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> back = viaDeferred(source);
        assertTrue(back.cancel(true));
        assertTrue(back.isCancelled());
        assertTrue(source.isCancelled());
    }

    @Test
    void cancellingTheNearFutureCancelsTheFarOne() {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> back = viaDeferred(source);
        source.cancel(true);
        assertTrue(back.isCancelled());
    }

    @Test
    void aCompletedFutureRoundTripsSynchronously() {
        CompletableFuture<String> back = viaDeferred(CompletableFuture.completedFuture("fast"));
        assertTrue(back.isDone(), "complete before the call returned");
        assertEquals("fast", back.join());
        assertFalse(back.isCompletedExceptionally());
    }
}
