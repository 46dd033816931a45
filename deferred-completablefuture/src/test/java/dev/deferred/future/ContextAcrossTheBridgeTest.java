package dev.deferred.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import io.vavr.concurrent.Promise;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The adapters carry the DeferredContext of the conversion across the bridge. */
class ContextAcrossTheBridgeTest {
    static final ContextKey<String> REQUEST = ContextKey.named("request");

    private static void onAnotherThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r, "bridge-test-completer");
        t.start();
        assertTrue(t.join(Duration.ofSeconds(30)));
    }

    /** A callback added with no context runs in the context the Deferred fires in. */
    private static AtomicReference<String> contextOfFiring(Deferred<String> d) {
        AtomicReference<String> seen = new AtomicReference<>();
        d.addCallback(v -> {
            seen.set(v + " " + REQUEST.get());
            return v;
        });
        return seen;
    }

    @Test
    void fromCompletionStageFiresInTheConversionsContext() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = DeferredContext.with(REQUEST, "r1", () -> DeferredFutures.fromCompletionStage(f));
        AtomicReference<String> seen = contextOfFiring(d);
        onAnotherThread(() -> f.complete("v"));
        assertEquals("v r1", seen.get());
    }

    @Test
    void fromCompletionStageWithAnExecutorFiresInTheConversionsContext() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Executor direct = Runnable::run;
        Deferred<String> d = DeferredContext.with(REQUEST, "r1", () -> DeferredFutures.fromCompletionStage(f, direct));
        AtomicReference<String> seen = contextOfFiring(d);
        onAnotherThread(() -> DeferredContext.with(REQUEST, "completer", () -> f.complete("v")));
        assertEquals("v r1", seen.get());
    }

    @Test
    void fromVavrFutureFiresInTheConversionsContext() throws Exception {
        Promise<String> p = Promise.make(Runnable::run);
        Deferred<String> d = DeferredContext.with(REQUEST, "r1", () -> DeferredFutures.fromVavrFuture(p.future()));
        AtomicReference<String> seen = contextOfFiring(d);
        onAnotherThread(() -> p.success("v"));
        assertEquals("v r1", seen.get());
    }

    @Test
    void synchronousStagesOfAFutureMadeFromADeferredRunInTheConversionsContext() throws Exception {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = DeferredContext.with(REQUEST, "r1", () -> DeferredFutures.toCompletableFuture(d));
        AtomicReference<String> seen = new AtomicReference<>();
        f.thenAccept(v -> seen.set(v + " " + REQUEST.get()));
        onAnotherThread(() -> d.callback("v"));
        assertEquals("v r1", seen.get());
    }
}
