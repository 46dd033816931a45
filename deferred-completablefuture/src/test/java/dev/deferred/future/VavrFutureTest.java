package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.future.ExecutorDeliveryTest.ManualExecutor;
import dev.deferred.testing.NoUnhandledErrorsExtension;
import io.vavr.concurrent.Future;
import io.vavr.concurrent.Promise;
import io.vavr.control.Try;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** vavr's Future in both directions: values, failures, cancellation, threads, round trips. */
@ExtendWith(NoUnhandledErrorsExtension.class)
class VavrFutureTest {

    private static <T> Try<T> valueOf(Future<T> f) {
        assertTrue(f.await(Outcome.WAIT_SECONDS, TimeUnit.SECONDS).isCompleted(), "the future did not complete in time");
        return f.getValue().get();
    }

    // ---------------------------------------------------------------- Deferred -> vavr

    @Test
    void aFiredDeferredGivesACompletedFuture() {
        Future<String> f = DeferredFutures.toVavrFuture(Deferred.succeed("ready"));
        assertTrue(f.isCompleted(), "complete before toVavrFuture returned");
        assertEquals("ready", f.getValue().get().get());
    }

    @Test
    void valuesNullsAndFailuresArriveAsTheyAre() {
        Deferred<String> later = new Deferred<>();
        Future<String> f = DeferredFutures.toVavrFuture(later);
        assertFalse(f.isCompleted());
        later.callback(null);
        assertNull(valueOf(f).get());

        IOException boom = new IOException("same object");
        assertSame(boom, valueOf(DeferredFutures.toVavrFuture(Deferred.fail(boom))).getCause());
    }

    @Test
    void theResultIsHandedOver() {
        Deferred<String> d = Deferred.succeed("taken");
        DeferredFutures.toVavrFuture(d);
        assertNull(Outcome.now(d).value());
    }

    @Test
    void cancellingTheFutureCancelsTheDeferredAndStaysCancelled() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> d = new Deferred<>(self -> {
            cancellerCalls.incrementAndGet();
            self.callback("canceller's value");
        });
        Future<String> f = DeferredFutures.toVavrFuture(d);
        assertTrue(f.cancel(false));
        assertTrue(f.isCancelled());
        assertEquals(1, cancellerCalls.get());
        assertInstanceOf(CancellationException.class, valueOf(f).getCause());
    }

    @Test
    void aCancelledDeferredFailsTheFutureWithTheCancellation() {
        Deferred<String> d = new Deferred<>();
        Future<String> f = DeferredFutures.toVavrFuture(d);
        d.cancel();
        assertInstanceOf(CancellationException.class, valueOf(f).getCause());
    }

    @Test
    void theFuturesCallbacksRunOnTheGivenExecutor() throws Exception {
        try (TestThread loop = new TestThread("vavr-callbacks")) {
            Future<Thread> ranOn = DeferredFutures.toVavrFuture(Deferred.succeed("x"), loop).map(x -> Thread.currentThread());
            assertSame(loop.thread(), valueOf(ranOn).get());
        }
    }

    // ---------------------------------------------------------------- vavr -> Deferred

    @Test
    void aCompletedFutureGivesAFiredDeferred() {
        Deferred<String> d = DeferredFutures.fromVavrFuture(Future.successful("now"));
        assertTrue(d.isCalled(), "fired before fromVavrFuture returned");
        assertEquals("now", Outcome.now(d).value());
    }

    @Test
    void aFailureIsDeliveredUnwrapped() {
        IOException boom = new IOException("vavr failure");
        assertSame(boom, Outcome.now(DeferredFutures.fromVavrFuture(Future.failed(boom))).failure(IOException.class));
        Deferred<String> wrapped = DeferredFutures.fromVavrFuture(Future.failed(new CompletionException(boom)));
        assertSame(boom, Outcome.now(wrapped).failure(IOException.class));
    }

    @Test
    void aLaterResultArrivesOnVavrsExecutorThread() throws Exception {
        try (TestThread vavrs = new TestThread("vavr-executor")) {
            Promise<Integer> p = Promise.make(vavrs);
            Deferred<Integer> d = DeferredFutures.fromVavrFuture(p.future());
            Outcome<Integer> outcome = Outcome.after(d, () -> p.success(3));
            assertEquals(3, outcome.value());
            assertSame(vavrs.thread(), outcome.thread());
        }
    }

    @Test
    void withAnExecutorTheDeferredFiresThere() throws Exception {
        try (TestThread loop = new TestThread("loop")) {
            Promise<String> p = Promise.make();
            Deferred<String> d = DeferredFutures.fromVavrFuture(p.future(), loop);
            Outcome<String> outcome = Outcome.after(d, () -> p.success("hop"));
            assertEquals("hop", outcome.value());
            assertSame(loop.thread(), outcome.thread());
        }
        ManualExecutor manual = new ManualExecutor();
        Deferred<String> queued = DeferredFutures.fromVavrFuture(Future.successful("done already"), manual);
        assertFalse(queued.isCalled(), "even a completed future goes through the executor");
        assertEquals(1, manual.runAll());
        assertEquals("done already", Outcome.now(queued).value());
    }

    @Test
    void cancellingTheDeferredCancelsAFutureThatNeverCompletes() {
        ManualExecutor vavrs = new ManualExecutor();
        Promise<String> never = Promise.make(vavrs);
        Deferred<String> d = DeferredFutures.fromVavrFuture(never.future());
        CompletableFuture<Outcome<String>> seen = Outcome.of(d);
        d.cancel();
        assertTrue(never.future().isCancelled());
        assertTrue(seen.isDone(), "the Deferred fails at once, not when vavr reports back");
        seen.join().failure(CancellationException.class);
        // vavr now reports the cancelled future's completion; that late report must not fire again.
        assertEquals(1, vavrs.runAll());
        assertFalse(never.trySuccess("too late"));
    }

    @Test
    void nullArgumentsAreRejectedWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> DeferredFutures.fromVavrFuture(null));
        assertTrue(e.getMessage().contains("vavr Future"), e.getMessage());
        assertThrows(NullPointerException.class, () -> DeferredFutures.toVavrFuture(new Deferred<>(), null));
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void deferredToVavrAndBackKeepsValueFailureAndCancellation() {
        Deferred<String> source = new Deferred<>();
        ManualExecutor vavrs = new ManualExecutor();
        Deferred<String> back = DeferredFutures.fromVavrFuture(DeferredFutures.toVavrFuture(source, vavrs));
        CompletableFuture<Outcome<String>> seen = Outcome.of(back);
        source.callback("there and back");
        vavrs.runAll();
        assertEquals("there and back", seen.join().value());

        IOException boom = new IOException("kept");
        Deferred<String> failing = new Deferred<>();
        Deferred<String> failedBack = DeferredFutures.fromVavrFuture(DeferredFutures.toVavrFuture(failing, vavrs));
        failing.errback(boom);
        vavrs.runAll();
        assertSame(boom, Outcome.now(failedBack).failure(IOException.class));

        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<String> cancellable = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        Deferred<String> cancelledBack = DeferredFutures.fromVavrFuture(DeferredFutures.toVavrFuture(cancellable, vavrs));
        cancelledBack.cancel();
        assertEquals(1, cancellerCalls.get());
        Outcome.now(cancelledBack).failure(CancellationException.class);
        vavrs.runAll();
    }

    @Test
    void vavrToDeferredAndBackKeepsValueFailureAndCancellation() {
        ManualExecutor vavrs = new ManualExecutor();
        Promise<Integer> p = Promise.make(vavrs);
        Future<Integer> back = DeferredFutures.toVavrFuture(DeferredFutures.fromVavrFuture(p.future()), vavrs);
        p.success(9);
        vavrs.runAll();
        assertEquals(9, back.getValue().get().get());

        IllegalStateException boom = new IllegalStateException("kept");
        Future<Integer> failedBack = DeferredFutures.toVavrFuture(DeferredFutures.fromVavrFuture(Future.failed(boom)));
        assertSame(boom, failedBack.getValue().get().getCause());

        Promise<Integer> never = Promise.make(vavrs);
        Future<Integer> cancelledBack = DeferredFutures.toVavrFuture(DeferredFutures.fromVavrFuture(never.future()), vavrs);
        assertTrue(cancelledBack.cancel(true));
        assertTrue(never.future().isCancelled(), "cancelling the far future cancelled the near one");
        vavrs.runAll();
    }
}
