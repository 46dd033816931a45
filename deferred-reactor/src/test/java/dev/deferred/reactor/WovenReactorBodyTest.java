package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, bullet 4: where a reactor-driven inline body runs, told truthfully. This class is
 * woven by deferred-reactor's build (the inline-callbacks-woven run): a woven body resumed by the
 * reactor runs on the reactor thread itself, so {@code isInReactorThread()} is true there and the
 * loop thread's thread-locals are the body's. Run unwoven (the default run), the body has a virtual
 * thread of its own and the same questions answer false.
 */
class WovenReactorBodyTest {
    private static final boolean WOVEN = "woven".equals(System.getProperty("dev.deferred.test.inlineMechanism"));
    private static final ThreadLocal<String> LOOP_LOCAL = new ThreadLocal<>();

    @Test
    void aBodyTheReactorResumesRunsOnTheReactorThread() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            SelectReactor reactor = rt.reactor;
            List<Object> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<String> done = new CompletableFuture<>();
            reactor.callFromThread(() -> {
                LOOP_LOCAL.set("the loop's");
                InlineCallbacks.run(co -> {
                    seen.add(reactor.isInReactorThread());
                    Deferred<String> tick = new Deferred<>();
                    reactor.callLater(Duration.ZERO, () -> tick.callback("tick"));
                    String t = co.await(tick);                    // resumed by the reactor's timer
                    seen.add(reactor.isInReactorThread());
                    seen.add(reactor.isOnReactorTurn());
                    seen.add(Thread.currentThread() == rt.thread);
                    seen.add(String.valueOf(LOOP_LOCAL.get()));
                    return t;
                }).addBoth(r -> {
                    done.complete(r.isSuccess() ? r.get() : "failed: " + r.getCause());
                    return null;
                });
            });
            assertEquals("tick", done.get(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of(WOVEN, WOVEN, true, WOVEN, WOVEN ? "the loop's" : "null"), seen);
        }
    }

    @Test
    void aBodyAnotherThreadResumesIsNotOnTheReactorThread() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            Deferred<String> gate = new Deferred<>();
            List<Boolean> seen = new CopyOnWriteArrayList<>();
            Deferred<String> r = InlineCallbacks.run(co -> {
                String g = co.await(gate);
                seen.add(rt.reactor.isInReactorThread());
                seen.add(rt.reactor.isOnReactorTurn());
                return g;
            });
            gate.callback("from the test thread");
            assertEquals(List.of(false, false), seen);
            assertTrue(r.isCalled());
        }
    }
}
