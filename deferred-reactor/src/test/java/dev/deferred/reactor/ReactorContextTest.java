package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.reactor.task.Cooperator;
import dev.deferred.reactor.task.LoopingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Work handed to a reactor, a clock, a LoopingCall or a Cooperator runs in the context it was scheduled in. */
class ReactorContextTest {
    static final ContextKey<String> REQUEST = ContextKey.named("request");

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    private Runnable record(String what, CountDownLatch done) {
        return () -> {
            seen.add(what + " " + REQUEST.get());
            done.countDown();
        };
    }

    @Test
    void clockCallLaterRunsInTheSchedulingContext() {
        Clock clock = new Clock();
        DeferredContext.with(REQUEST, "r1", () -> clock.callLater(Duration.ofSeconds(1), () -> seen.add("a " + REQUEST.get())));
        clock.callLater(Duration.ofSeconds(1), () -> seen.add("b " + REQUEST.get()));
        DeferredContext.with(REQUEST, "advancer", () -> clock.advance(1));
        // b was scheduled with no context, so it runs in the advancer's.
        assertEquals(List.of("a r1", "b advancer"), seen);
        assertNull(REQUEST.get());
    }

    @Test
    void selectReactorQueuesRunInTheSchedulingContext() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            CountDownLatch done = new CountDownLatch(7);
            ScheduledExecutorService view = rt.reactor.asScheduledExecutorService();
            DeferredContext.with(REQUEST, "r1", () -> {
                // From a thread other than the loop's, each of these is queued for the loop.
                rt.reactor.callFromThread(record("callFromThread", done));
                rt.reactor.callLater(Duration.ofMillis(1), record("callLater", done));
                rt.reactor.execute(record("execute", done));
                view.schedule(record("schedule", done), 1, TimeUnit.MILLISECONDS);
                rt.reactor.callInThread(record("callInThread", done));
                rt.reactor.deferToThread(() -> {
                    seen.add("deferToThread fn " + REQUEST.get());
                    return "v";
                }).addCallback(v -> {
                    record("deferToThread callback", done).run();
                    return v;
                });
            });
            // Scheduled with no context: runs with none on the loop.
            rt.reactor.callFromThread(record("plain", done));
            assertTrue(done.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            List<String> sorted = new ArrayList<>(seen);
            Collections.sort(sorted);
            assertEquals(List.of("callFromThread r1", "callInThread r1", "callLater r1", "deferToThread callback r1",
                    "deferToThread fn r1", "execute r1", "plain null", "schedule r1"), sorted);
        }
    }

    @Test
    void loopingCallRunsEveryCallInTheContextOfStart() {
        Clock clock = new Clock();
        List<Deferred<Void>> waits = new ArrayList<>();
        LoopingCall loop = new LoopingCall(clock, () -> {
            seen.add("call " + REQUEST.get());
            Deferred<Void> d = new Deferred<>();
            waits.add(d);
            return d;
        });
        DeferredContext.with(REQUEST, "r1", () -> loop.start(Duration.ofSeconds(1)));
        // The call's Deferred fires in another context; the next call still runs in start's.
        DeferredContext.with(REQUEST, "other", () -> waits.get(0).callback(null));
        DeferredContext.with(REQUEST, "other", () -> clock.advance(1));
        waits.get(1).callback(null);
        clock.advance(1);
        loop.stop();
        assertEquals(List.of("call r1", "call r1", "call r1"), seen);
    }

    @Test
    void cooperatorRunsEachTaskInItsOwnContext() {
        Clock clock = new Clock();
        Cooperator cooperator = new Cooperator(() -> () -> false, tick -> clock.callLater(Duration.ZERO, tick), true);
        DeferredContext.with(REQUEST, "a", () -> cooperator.coiterate(steps("a")));
        DeferredContext.with(REQUEST, "b", () -> cooperator.coiterate(steps("b")));
        cooperator.coiterate(steps("none"));
        DeferredContext.with(REQUEST, "ticker", () -> clock.advance(0));
        assertEquals(List.of("a a", "b b", "none null", "a a", "b b", "none null"), seen);
    }

    private Iterator<Object> steps(String task) {
        return IntStream.range(0, 2).<Object>mapToObj(i -> {
            seen.add(task + " " + REQUEST.get());
            return i;
        }).iterator();
    }
}
