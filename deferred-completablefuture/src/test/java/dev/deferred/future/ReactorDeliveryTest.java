package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.reactor.SelectReactor;
import io.vavr.concurrent.Promise;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapters with a real reactor as the executor: a Deferred made from a stage fires on the
 * reactor thread, whichever thread completed the stage, as reactor code expects.
 */
class ReactorDeliveryTest {

    private SelectReactor reactor;
    private Thread loop;

    @BeforeEach
    void startReactor() throws Exception {
        reactor = new SelectReactor();
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        loop = new Thread(reactor::run, "test-reactor");
        loop.setDaemon(true);
        loop.start();
        assertTrue(running.await(Outcome.WAIT_SECONDS, TimeUnit.SECONDS), "the reactor did not start");
    }

    @AfterEach
    void stopReactor() throws Exception {
        reactor.stop();
        loop.join(TimeUnit.SECONDS.toMillis(Outcome.WAIT_SECONDS));
        assertFalse(loop.isAlive(), "the reactor thread did not end");
    }

    @Test
    void aStageCompletedElsewhereFiresTheDeferredOnTheReactorThread() throws Exception {
        try (TestThread completer = new TestThread("completer")) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> d = DeferredFutures.fromCompletionStage(f, reactor);
            Outcome<String> seen = Outcome.after(d, () -> completer.run(() -> f.complete("to the loop")));
            assertEquals("to the loop", seen.value());
            assertSame(loop, seen.thread());
        }
    }

    @Test
    void anAlreadyCompletedStageAlsoFiresOnTheReactorThread() throws Exception {
        IOException boom = new IOException("failed before");
        Deferred<String> d = DeferredFutures.fromCompletionStage(CompletableFuture.failedFuture(boom), reactor);
        CompletableFuture<Outcome<String>> seen = new CompletableFuture<>();
        // Attach on the reactor thread: the Deferred cannot have fired before this runs there.
        reactor.callFromThread(() -> Outcome.of(d).thenAccept(seen::complete));
        Outcome<String> outcome = seen.get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS);
        assertSame(boom, outcome.failure(IOException.class));
        assertSame(loop, outcome.thread());
    }

    @Test
    void aVavrFutureCompletedElsewhereFiresOnTheReactorThread() throws Exception {
        try (TestThread vavrs = new TestThread("vavr-executor")) {
            Promise<Integer> p = Promise.make(vavrs);
            Deferred<Integer> d = DeferredFutures.fromVavrFuture(p.future(), reactor);
            Outcome<Integer> seen = Outcome.after(d, () -> p.success(11));
            assertEquals(11, seen.value());
            assertSame(loop, seen.thread());
        }
    }

    @Test
    void cancellingOnTheReactorThreadCancelsAStageThatNeverCompletes() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        Deferred<String> d = DeferredFutures.fromCompletionStage(never, reactor);
        CompletableFuture<Outcome<String>> seen = Outcome.of(d);
        reactor.callFromThread(d::cancel);
        Outcome<String> outcome = seen.get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS);
        outcome.failure(CancellationException.class);
        assertSame(loop, outcome.thread());
        assertTrue(never.isCancelled());
        // That the stage's late answer is then dropped without an error is ExecutorDeliveryTest's.
    }

    @Test
    void aDeferredFromAThreadPoolBecomesAFutureCompletedOnTheReactorThread() throws Exception {
        // The pool thread waits until the future is attached: otherwise the Deferred could fire
        // first and the future would complete here, on the thread that converted it.
        CountDownLatch attached = new CountDownLatch(1);
        Deferred<String> computed = reactor.deferToThread(() -> {
            assertTrue(attached.await(Outcome.WAIT_SECONDS, TimeUnit.SECONDS));
            return "computed off the loop";
        });
        CompletableFuture<Thread> completedOn = DeferredFutures.toCompletableFuture(computed)
                .thenApply(v -> Thread.currentThread());
        attached.countDown();
        assertSame(loop, completedOn.get(Outcome.WAIT_SECONDS, TimeUnit.SECONDS));
    }
}
