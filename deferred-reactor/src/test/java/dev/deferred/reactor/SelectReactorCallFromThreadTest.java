package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** callFromThread on a real SelectReactor: every call runs, in per-thread order, on the loop. */
class SelectReactorCallFromThreadTest {

    @Test
    void eightThreadsTimesTenThousandCallsAllRunInPerThreadOrderOnTheReactorThread() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        // Only touched on the reactor thread, so plain lists suffice: that is the point.
        List<List<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            seen.add(new ArrayList<>());
        }
        AtomicInteger offThread = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(threads * perThread);
        try (ReactorThread rt = new ReactorThread()) {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread p = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        rt.reactor.callFromThread(() -> {
                            if (Thread.currentThread() != rt.thread) {
                                offThread.incrementAndGet();
                            }
                            seen.get(id).add(n);
                            all.countDown();
                        });
                    }
                }, "producer-" + t);
                producers.add(p);
            }
            producers.forEach(Thread::start);
            for (Thread p : producers) {
                p.join(TimeUnit.SECONDS.toMillis(ReactorThread.BOUND_SECONDS));
            }
            assertTrue(all.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS), "not every call ran");
            List<List<Integer>> snapshot = rt.reactor.blockingCallFromThread(() -> {
                List<List<Integer>> copy = new ArrayList<>();
                seen.forEach(l -> copy.add(new ArrayList<>(l)));
                return copy;
            });
            for (List<Integer> l : snapshot) {
                assertEquals(perThread, l.size());
                for (int i = 0; i < perThread; i++) {
                    assertEquals(i, l.get(i), "out of order");
                }
            }
            assertEquals(0, offThread.get());
        }
    }

    @Test
    void aSleepingLoopWakesForEveryCall() throws Exception {
        // No timers and no channels: the loop sleeps in select() with no timeout between calls, so a
        // lost wake-up would leave a call unrun and the bounded wait below would fail.
        try (ReactorThread rt = new ReactorThread()) {
            for (int i = 0; i < 2_000; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                rt.reactor.callFromThread(ran::countDown);
                assertTrue(ran.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS), "call " + i + " was not run");
            }
        }
    }

    @Test
    void callsMadeBeforeRunRunOnceItRuns() throws Exception {
        SelectReactor reactor = new SelectReactor();
        List<String> order = new ArrayList<>();
        CountDownLatch ran = new CountDownLatch(2);
        reactor.callFromThread(() -> {
            order.add("first");
            ran.countDown();
        });
        reactor.callFromThread(() -> {
            order.add("second");
            ran.countDown();
        });
        try (ReactorThread rt = new ReactorThread(reactor)) {
            assertTrue(ran.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("first", "second"), rt.reactor.blockingCallFromThread(() -> List.copyOf(order)));
        }
    }

    @Test
    void aFailingCallDoesNotKillTheLoop() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            CountDownLatch after = new CountDownLatch(1);
            rt.reactor.callFromThread(() -> {
                throw new IllegalStateException("expected by the test: logged, loop goes on");
            });
            rt.reactor.callFromThread(after::countDown);
            assertTrue(after.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(rt.reactor.isRunning());
        }
    }

    @Test
    void theReactorIsAnExecutorThatRunsOnItsThread() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            Thread ran = java.util.concurrent.CompletableFuture
                    .supplyAsync(Thread::currentThread, rt.reactor)
                    .get(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(rt.thread, ran);
            assertNull(rt.crashed.get());
        }
    }
}
