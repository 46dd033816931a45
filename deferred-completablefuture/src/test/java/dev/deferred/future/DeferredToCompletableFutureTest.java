package dev.deferred.future;

import static dev.deferred.future.Outcome.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.UnhandledErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Deferred to CompletableFuture: the future takes the Deferred's result and its cancellation. */
class DeferredToCompletableFutureTest {

    @Test
    void aFiredDeferredGivesACompletedFutureAtOnce() {
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(Deferred.succeed("ready"));
        assertTrue(f.isDone());
        assertEquals("ready", f.getNow("not yet"));
    }

    @Test
    void theFutureCompletesWhenTheDeferredFires() throws Exception {
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> f = DeferredFutures.toCompletableFuture(d);
        assertFalse(f.isDone());
        d.callback(42);
        assertEquals(42, f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aNullResultPassesThrough() throws Exception {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        d.callback(null);
        assertTrue(f.isDone());
        assertFalse(f.isCompletedExceptionally());
        assertNull(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aFailureArrivesAsTheVeryExceptionNotWrapped() throws Exception {
        IOException boom = new IOException("disk gone");
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        d.errback(boom);
        assertSame(boom, f.exceptionNow());
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        assertSame(boom, f.handle((v, t) -> t).join(), "handle() on the future itself sees the exception unwrapped");
    }

    @Test
    void theResultIsHandedOverSoTheDeferredHoldsNull() {
        Deferred<String> d = Deferred.succeed("taken");
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        assertEquals("taken", f.join());
        assertNull(Outcome.now(d).value(), "a callback added after the conversion sees null");
    }

    @Test
    void aHandedOverFailureIsNotReportedAsUnhandled() throws Exception {
        IOException boom = new IOException("belongs to the future");
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (AutoCloseable l = UnhandledErrors.addListener(e -> reported.add(e.failure()))) {
            CompletableFuture<Object> f = DeferredFutures.toCompletableFuture(Deferred.fail(boom));
            assertSame(boom, f.exceptionNow());
            // The Deferred is garbage now; had it kept the failure, this would report it.
            assertTrue(UnhandledErrors.collect(Duration.ofSeconds(WAIT_SECONDS)));
        }
        assertFalse(reported.contains(boom), "the failure was reported as unhandled although the future holds it");
    }

    @Test
    void aDroppedFailedDeferredIsStillReported() throws Exception {
        // The control for the test above: the listener does see a failure nobody took.
        IOException lost = new IOException("nobody took this");
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (AutoCloseable l = UnhandledErrors.addListener(e -> reported.add(e.failure()))) {
            Deferred.fail(lost);
            assertTrue(UnhandledErrors.collect(Duration.ofSeconds(WAIT_SECONDS)));
        }
        assertTrue(reported.contains(lost));
    }

    @Test
    void cancellingTheFutureCancelsTheDeferredOnce() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        assertTrue(f.cancel(false));
        assertTrue(f.isCancelled());
        assertEquals(1, cancellerCalls.get());
        assertTrue(d.isCalled(), "the Deferred failed with its cancellation, which the cancelled future ignored");
        assertTrue(f.cancel(true), "still cancelled, as CompletableFuture answers");
        assertEquals(1, cancellerCalls.get());
    }

    @Test
    void theFutureStaysCancelledEvenIfTheCancellerCallsBack() {
        Deferred<String> d = new Deferred<>(self -> self.callback("fallback"));
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        assertTrue(f.cancel(false));
        assertTrue(f.isCancelled());
        assertThrows(CancellationException.class, f::join);
    }

    @Test
    void cancellingTheFutureCancelsWhatTheDeferredWaitsOn() {
        AtomicInteger innerCancelled = new AtomicInteger();
        Deferred<String> inner = new Deferred<>(self -> innerCancelled.incrementAndGet());
        Deferred<String> outer = Deferred.succeed("start").addCallbackDeferred(s -> inner);
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(outer);
        f.cancel(false);
        assertEquals(1, innerCancelled.get());
        assertTrue(inner.isCalled());
    }

    @Test
    void cancellingAfterTheResultChangesNothing() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        d.callback("done");
        assertFalse(f.cancel(true));
        assertEquals("done", f.join());
        assertEquals(0, cancellerCalls.get());
    }

    @Test
    void aCancelledDeferredGivesACancelledFuture() {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = DeferredFutures.toCompletableFuture(d);
        d.cancel();
        assertTrue(f.isCancelled());
    }

    @Test
    void theFutureCompletesOnTheThreadThatFiresTheDeferred() throws Exception {
        try (TestThread firing = new TestThread("firing")) {
            Deferred<String> d = new Deferred<>();
            CompletableFuture<Thread> ranOn = DeferredFutures.toCompletableFuture(d).thenApply(v -> Thread.currentThread());
            firing.run(() -> d.callback("from elsewhere"));
            assertSame(firing.thread(), ranOn.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNullDeferredIsRejectedWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> DeferredFutures.toCompletableFuture(null));
        assertTrue(e.getMessage().contains("toCompletableFuture"), e.getMessage());
    }
}
