package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which thread runs the body, and Deferreds fired from other threads. */
class InlineCallbacksThreadsTest {

    /** Continuations and woven bodies run on the thread whose turn it is. */
    private static boolean continuations() {
        return InlineMechanism.onFiringThread();
    }

    @Test
    void bodyRunsOnTheThreadTheMechanismDocuments() throws Exception {
        Deferred<String> gate = new Deferred<>();
        AtomicReference<Thread> before = new AtomicReference<>();
        AtomicReference<Thread> after = new AtomicReference<>();
        InlineCallbacks.run(co -> {
            before.set(Thread.currentThread());
            co.await(gate);
            after.set(Thread.currentThread());
            return null;
        });
        Thread firing = new Thread(() -> gate.callback("go"), "firing");
        firing.start();
        assertTrue(firing.join(java.time.Duration.ofSeconds(30)));
        if (continuations()) {
            // The body's frames move to the thread whose turn it is.
            assertSame(Thread.currentThread(), before.get());
            assertSame(firing, after.get());
        } else {
            // The body has a virtual thread of its own; the caller and firer wait for it.
            assertTrue(before.get().isVirtual());
            assertSame(before.get(), after.get());
        }
    }

    @Test
    void threadLocalsAreThoseTheMechanismDocuments() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        local.set("caller's");
        Deferred<String> gate = new Deferred<>();
        List<String> seen = new ArrayList<>();
        Deferred<Void> r = InlineCallbacks.run(co -> {
            seen.add(String.valueOf(local.get()));
            local.set("body's");
            co.await(gate);
            seen.add(String.valueOf(local.get()));
            return null;
        });
        Outcome<Void> out = Outcome.of(r);
        Thread firing = new Thread(() -> {
            local.set("firer's");
            gate.callback("go");
        });
        firing.start();
        assertTrue(firing.join(java.time.Duration.ofSeconds(30)));
        assertTrue(out.fired());
        if (continuations()) {
            assertEquals(List.of("caller's", "firer's"), seen);
            assertEquals("body's", local.get()); // set by the body on this thread, before its await
        } else {
            assertEquals(List.of("null", "body's"), seen);
            assertEquals("caller's", local.get());
        }
        local.remove();
    }

    @Test
    void firingThreadWaitsUntilTheBodyReachesItsNextAwait() throws Exception {
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        InlineCallbacks.run(co -> {
            log.add("got " + co.await(first));
            log.add("still before the next await");
            log.add("got " + co.await(second));
            return null;
        });
        Thread firing = new Thread(() -> {
            first.callback("1");
            log.add("callback returned");
        });
        firing.start();
        assertTrue(firing.join(java.time.Duration.ofSeconds(30)));
        assertEquals(List.of("got 1", "still before the next await", "callback returned"), log);
    }

    @Test
    void deferredsFiredConcurrentlyWithTheBodyAreNeverLostNorDoubled() throws Exception {
        // A Deferred may fire on another thread while the body is on its way to suspend: every
        // ordering must deliver each value exactly once. Bounded rounds; no timing assumptions.
        int rounds = 2_000;
        for (int round = 0; round < rounds; round++) {
            Deferred<Integer> a = new Deferred<>();
            Deferred<Integer> b = new Deferred<>();
            CountDownLatch go = new CountDownLatch(1);
            Thread firer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                a.callback(1);
                b.callback(2);
            });
            firer.start();
            Deferred<Integer> r = InlineCallbacks.run(co -> {
                go.countDown();
                int x = co.await(a);
                int y = co.await(b);
                return x * 10 + y;
            });
            Outcome<Integer> out = Outcome.of(r);
            assertTrue(firer.join(java.time.Duration.ofSeconds(30)));
            assertEquals(12, out.value(), "round " + round);
        }
    }

    @Test
    void interruptOfTheFiringThreadWhileTheBodyRunsIsKept() throws Exception {
        Deferred<String> gate = new Deferred<>();
        CountDownLatch bodyRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> bodySawInterrupt = new AtomicReference<>(false);
        InlineCallbacks.run(co -> {
            co.await(gate);
            bodyRunning.countDown();
            try {
                // Bounded: the test releases it right after interrupting the firing thread.
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                bodySawInterrupt.set(true);
                Thread.currentThread().interrupt();
            }
            return null;
        });
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread firing = new Thread(() -> {
            gate.callback("go");
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        firing.start();
        assertTrue(bodyRunning.await(30, TimeUnit.SECONDS));
        firing.interrupt();
        release.countDown();
        assertTrue(firing.join(java.time.Duration.ofSeconds(30)));
        // With continuations the body runs on the firing thread and sees the interrupt itself; on a
        // virtual thread it does not, and the firing thread, parked meanwhile, keeps it for later.
        assertEquals(continuations(), bodySawInterrupt.get());
        if (!InlineCallbacks.mechanism().contains("(carrier)")) {
            // On the carrier mechanism an interrupt landing while the body is mounted on the firing
            // thread is cleared by the JDK when the body unmounts (a documented limitation).
            assertTrue(interruptedAfter.get());
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void bodyDrivenByAVirtualThreadMayBlockAndResumeOnAnotherVirtualThread() throws Exception {
        // On continuations the body is mounted on the driving virtual thread, which parks (and may
        // move to another carrier) while the body blocks; on the fallback the body's own thread does.
        java.util.concurrent.SynchronousQueue<String> handOver = new java.util.concurrent.SynchronousQueue<>();
        Deferred<String> gate = new Deferred<>();
        AtomicReference<Outcome<String>> out = new AtomicReference<>();
        Thread starter = Thread.ofVirtual().start(() -> {
            Deferred<String> r = InlineCallbacks.run(co -> {
                String first = handOver.poll(30, TimeUnit.SECONDS);
                String second = co.await(gate);
                String third = handOver.poll(30, TimeUnit.SECONDS);
                return first + second + third;
            });
            out.set(Outcome.of(r));
        });
        assertTrue(handOver.offer("a", 30, TimeUnit.SECONDS));
        assertTrue(starter.join(java.time.Duration.ofSeconds(30)));
        Thread firer = Thread.ofVirtual().start(() -> gate.callback("b"));
        assertTrue(handOver.offer("c", 30, TimeUnit.SECONDS));
        assertTrue(firer.join(java.time.Duration.ofSeconds(30)));
        assertEquals("abc", out.get().value());
    }

    @Test
    void drivingThreadIsTheThreadWhoseTurnTheBodyRunsOn() throws Exception {
        Thread test = Thread.currentThread();
        assertSame(test, InlineCallbacks.drivingThread(), "outside any body");
        Deferred<String> gate = new Deferred<>();
        List<Thread> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Deferred<Void> r = InlineCallbacks.run(co -> {
            seen.add(InlineCallbacks.drivingThread());
            co.await(gate);
            seen.add(InlineCallbacks.drivingThread());
            return null;
        });
        Thread firing = new Thread(() -> gate.callback("go"), "firing");
        firing.start();
        assertTrue(firing.join(java.time.Duration.ofSeconds(30)));
        assertTrue(Outcome.of(r).fired());
        // The caller of run, then the thread that fired the awaited Deferred, whatever the mechanism.
        assertEquals(List.of(test, firing), seen);
    }

    @Test
    void drivingThreadFollowsBodiesDrivingBodiesToTheFirstThreadThatIsNotABodys() throws Exception {
        Thread test = Thread.currentThread();
        Deferred<String> gate = new Deferred<>();
        Deferred<String> handOver = new Deferred<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        // `waiter` is resumed by `firer`'s body; `firer` by the thread that fires `gate`.
        Deferred<Void> waiter = InlineCallbacks.run(co -> {
            co.await(handOver);
            seen.add("waiter resumed on " + name(InlineCallbacks.drivingThread(), test));
            return null;
        });
        Deferred<Void> firer = InlineCallbacks.run(co -> {
            Deferred<String> nested = InlineCallbacks.run(inner -> {
                seen.add("nested started on " + name(InlineCallbacks.drivingThread(), test));
                return inner.await(gate);
            });
            seen.add("firer got " + co.await(nested));
            handOver.callback("x");
            return null;
        });
        Thread firing = new Thread(() -> gate.callback("go"), "firing");
        firing.start();
        assertTrue(firing.join(java.time.Duration.ofSeconds(30)));
        assertTrue(Outcome.of(waiter).fired());
        assertTrue(Outcome.of(firer).fired());
        assertEquals(List.of("nested started on test", "firer got go", "waiter resumed on firing"), seen);
    }

    private static String name(Thread t, Thread test) {
        return t == test ? "test" : t.getName();
    }
}
