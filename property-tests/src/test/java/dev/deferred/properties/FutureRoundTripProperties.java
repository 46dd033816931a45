package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.future.DeferredFutures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Round trips through the CompletableFuture adapter preserve the value (the same object), the
 * failure (the same object, so its type; CompletionException wrapping removed) and cancellation,
 * whether the source completes before or after the conversion, on this thread or another one, and
 * whichever end is cancelled.
 */
@AddLifecycleHook(ScaledTries.class)
class FutureRoundTripProperties {

    enum Outcome { VALUE, NULL, UNCHECKED, CHECKED, WRAPPED, CANCEL_SOURCE, CANCEL_RESULT }

    enum When { BEFORE, AFTER_SAME_THREAD, AFTER_OTHER_THREAD }

    /** Deferred → CompletableFuture → Deferred. */
    @Property(tries = 300)
    void deferredToFutureAndBack(@ForAll Outcome outcome, @ForAll When when) throws Exception {
        AtomicInteger cancellerRuns = new AtomicInteger();
        Deferred<Object> source = new Deferred<>(self -> cancellerRuns.incrementAndGet());
        Object value = outcome == Outcome.NULL ? null : new Object();
        Throwable failure = failureFor(outcome);
        Runnable complete = () -> {
            switch (outcome) {
                case VALUE, NULL -> source.callback(value);
                case UNCHECKED, CHECKED, WRAPPED -> source.errback(failure);
                case CANCEL_SOURCE -> source.cancel();
                case CANCEL_RESULT -> { }
            }
        };
        if (when == When.BEFORE) {
            complete.run();
        }
        Deferred<Object> back = DeferredFutures.fromCompletionStage(DeferredFutures.toCompletableFuture(source));
        List<Object> seen = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        back.addBoth(t -> {
            seen.add(t.isSuccess() ? t.get() : t.getCause());
            done.complete(null);
            return null;
        });
        if (outcome == Outcome.CANCEL_RESULT) {
            back.cancel();
        } else if (when != When.BEFORE) {
            run(complete, when);
        }
        done.get(10, TimeUnit.SECONDS);
        String what = outcome + ", completed " + when + ": saw " + seen;
        assertEquals(1, seen.size(), what);
        Object got = seen.get(0);
        switch (outcome) {
            case VALUE, NULL -> assertSame(value, got, what);
            case UNCHECKED, CHECKED, WRAPPED -> assertSame(unwrapped(failure), got, what);
            case CANCEL_SOURCE -> assertTrue(got instanceof CancellationException, what);
            case CANCEL_RESULT -> {
                assertTrue(got instanceof CancellationException, what);
                assertEquals(1, cancellerRuns.get(), "cancelling the far end cancels the source, once: " + what);
            }
        }
    }

    /** CompletableFuture → Deferred → CompletableFuture. */
    @Property(tries = 300)
    void futureToDeferredAndBack(@ForAll Outcome outcome, @ForAll When when) throws Exception {
        CompletableFuture<Object> source = new CompletableFuture<>();
        Object value = outcome == Outcome.NULL ? null : new Object();
        Throwable failure = failureFor(outcome);
        Runnable complete = () -> {
            switch (outcome) {
                case VALUE, NULL -> source.complete(value);
                case UNCHECKED, CHECKED, WRAPPED -> source.completeExceptionally(failure);
                case CANCEL_SOURCE -> source.cancel(false);
                case CANCEL_RESULT -> { }
            }
        };
        if (when == When.BEFORE) {
            complete.run();
        }
        CompletableFuture<Object> back = DeferredFutures.toCompletableFuture(DeferredFutures.fromCompletionStage(source));
        if (outcome == Outcome.CANCEL_RESULT) {
            back.cancel(false);
        } else if (when != When.BEFORE) {
            run(complete, when);
        }
        try {
            back.get(10, TimeUnit.SECONDS);
        } catch (Exception expected) {
            // inspected through state() below
        }
        String what = outcome + ", completed " + when + ": " + back;
        switch (outcome) {
            case VALUE, NULL -> assertSame(value, back.resultNow(), what);
            case UNCHECKED, CHECKED, WRAPPED -> assertSame(unwrapped(failure), back.exceptionNow(), what);
            case CANCEL_SOURCE -> assertEquals(Future.State.CANCELLED, back.state(), what);
            case CANCEL_RESULT -> {
                assertEquals(Future.State.CANCELLED, back.state(), what);
                assertEquals(Future.State.CANCELLED, source.state(), "cancelling the far end cancels the source: " + what);
            }
        }
    }

    private static Throwable failureFor(Outcome outcome) {
        return switch (outcome) {
            case UNCHECKED -> new Boom("u");
            case CHECKED -> new Bang("c");
            case WRAPPED -> new CompletionException(new Bang("w"));
            default -> null;
        };
    }

    private static Throwable unwrapped(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static void run(Runnable r, When when) throws InterruptedException {
        if (when == When.AFTER_SAME_THREAD) {
            r.run();
            return;
        }
        Thread t = new Thread(r);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!t.isAlive(), "completing thread still running after 10 s");
    }
}
