package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** deferToThread, callInThread and blockingCallFromThread on a real SelectReactor. */
class SelectReactorThreadsTest {

    @Test
    void deferToThreadRunsOffTheLoopAndFiresOnTheReactorThread() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            AtomicReference<Thread> firedOn = new AtomicReference<>();
            AtomicReference<Object> value = new AtomicReference<>();
            CountDownLatch fired = new CountDownLatch(1);
            // Called on the reactor thread, as reactor code does: had the test thread added the
            // callback after the Deferred fired, the callback would run on the test thread.
            rt.reactor.blockingCallFromThread(() -> rt.reactor.deferToThread(() -> {
                ranOn.set(Thread.currentThread());
                return "result";
            }).addCallback(v -> {
                firedOn.set(Thread.currentThread());
                value.set(v);
                fired.countDown();
                return null;
            }));
            assertTrue(fired.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals("result", value.get());
            assertSame(rt.thread, firedOn.get());
            assertTrue(ranOn.get() != rt.thread);
        }
    }

    @Test
    void deferToThreadFailsWithTheFunctionsException() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch fired = new CountDownLatch(1);
            rt.reactor.deferToThread(() -> {
                throw new IOException("disk");
            }).addErrback(e -> {
                failure.set(e);
                fired.countDown();
                return null;
            });
            assertTrue(fired.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals("disk", failure.get().getMessage());
        }
    }

    @Test
    void thePoolUsesAtMostItsSizeInThreads() throws Exception {
        try (ReactorThread rt = new ReactorThread(new SelectReactor(2))) {
            Set<String> names = ConcurrentHashMap.newKeySet();
            CountDownLatch twoStarted = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(6);
            for (int i = 0; i < 6; i++) {
                rt.reactor.callInThread(() -> {
                    names.add(Thread.currentThread().getName());
                    twoStarted.countDown();
                    try {
                        release.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.countDown();
                });
            }
            // All six are queued while the first two block: an unbounded pool would start more.
            assertTrue(twoStarted.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            release.countDown();
            assertTrue(finished.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(2, names.size(), names.toString());
        }
    }

    @Test
    void blockingCallFromThreadReturnsTheValueOrThrows() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            assertSame(rt.thread, rt.reactor.blockingCallFromThread(Thread::currentThread));
            IOException e = assertThrows(IOException.class, () -> rt.reactor.blockingCallFromThread(() -> {
                throw new IOException("from the reactor thread");
            }));
            assertEquals("from the reactor thread", e.getMessage());
        }
    }

    @Test
    void blockingCallFromThreadDeferredWaitsForTheDeferred() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            List<String> steps = new ArrayList<>();
            String v = rt.reactor.blockingCallFromThreadDeferred(() -> {
                Deferred<String> d = new Deferred<>();
                rt.reactor.callLater(java.time.Duration.ofMillis(1), () -> {
                    steps.add("fired");
                    d.callback("late");
                });
                return d;
            });
            assertEquals("late", v);
            assertEquals(List.of("fired"), rt.reactor.blockingCallFromThread(() -> List.copyOf(steps)));
            assertThrows(IllegalStateException.class, () -> rt.reactor.blockingCallFromThreadDeferred(
                    () -> Deferred.fail(new IllegalStateException("failed"))));
        }
    }

    @Test
    void blockingCallFromTheReactorThreadIsRefused() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            Throwable refused = rt.reactor.blockingCallFromThread(() -> {
                try {
                    rt.reactor.blockingCallFromThread(() -> 1);
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertTrue(refused.getMessage().contains("reactor thread"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> rt.reactor.suggestThreadPoolSize(0));
        }
    }
}
