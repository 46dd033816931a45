package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** run/stop, restart, callWhenRunning and the shutdown system event on a real SelectReactor. */
class SelectReactorLifecycleTest {

    @Test
    void stopFromAnotherThreadEndsRun() throws Exception {
        ReactorThread rt = new ReactorThread();
        try {
            assertTrue(rt.reactor.isRunning());
            rt.reactor.stop();
            rt.join();
            assertFalse(rt.reactor.isRunning());
            assertNull(rt.crashed.get());
        } finally {
            rt.close();
        }
    }

    @Test
    void aStoppedReactorDropsCallsAndRefusesBlockingCalls() throws Exception {
        ReactorThread rt = new ReactorThread();
        try {
            rt.reactor.stop();
            rt.join();
            List<String> ran = new CopyOnWriteArrayList<>();
            rt.reactor.callFromThread(() -> ran.add("too late"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> rt.reactor.blockingCallFromThread(() -> ran.add("too late")));
            assertTrue(e.getMessage().contains("stopped"), e.getMessage());
            assertEquals(List.of(), ran);
        } finally {
            rt.close();
        }
    }

    @Test
    void stopFromACallbackEndsRun() throws Exception {
        SelectReactor reactor = new SelectReactor();
        reactor.callWhenRunning(reactor::stop);
        Thread t = new Thread(reactor::run);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(ReactorThread.BOUND_SECONDS));
        assertFalse(t.isAlive());
    }

    @Test
    void aReactorRunsOnce() throws Exception {
        ReactorThread rt = new ReactorThread();
        try {
            assertThrows(ReactorNotRestartableException.class, rt.reactor::run);
            rt.reactor.stop();
            rt.join();
            assertThrows(ReactorNotRestartableException.class, rt.reactor::run);
        } finally {
            rt.close();
        }
    }

    @Test
    void stopWhenNotRunningIsAClearError() throws Exception {
        SelectReactor fresh = new SelectReactor();
        ReactorNotRunningException e = assertThrows(ReactorNotRunningException.class, fresh::stop);
        assertTrue(e.getMessage().contains("callWhenRunning"), e.getMessage());
        ReactorThread rt = new ReactorThread();
        try {
            rt.reactor.stop();
            assertThrows(ReactorNotRunningException.class, rt.reactor::stop);
        } finally {
            rt.close();
        }
    }

    @Test
    void callWhenRunningRunsAtStartupInOrderOnTheReactorThread() throws Exception {
        SelectReactor reactor = new SelectReactor();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        reactor.callWhenRunning(() -> order.add("a"));
        Object handle = reactor.callWhenRunning(() -> order.add("removed"));
        reactor.callWhenRunning(() -> {
            order.add("b");
            threads.add(Thread.currentThread());
        });
        reactor.removeSystemEventTrigger(handle);
        try (ReactorThread rt = new ReactorThread(reactor)) {
            assertEquals(List.of("a", "b"), order);
            assertEquals(List.of(rt.thread), threads);
        }
    }

    @Test
    void firingACustomEventTwiceRunsEachTriggerOnce() throws Exception {
        // Twisted 22.4 (reactor.fireSystemEvent("custom") twice): ['before', 'during', 'after'].
        SelectReactor reactor = new SelectReactor();
        List<String> order = new CopyOnWriteArrayList<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, "custom", () -> order.add("before"));
        reactor.addSystemEventTrigger(Phase.DURING, "custom", () -> order.add("during"));
        reactor.addSystemEventTrigger(Phase.AFTER, "custom", () -> order.add("after"));
        reactor.callWhenRunning(() -> {
            reactor.fireSystemEvent("custom");
            reactor.fireSystemEvent("custom");
            reactor.stop();
        });
        Thread t = new Thread(reactor::run);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(ReactorThread.BOUND_SECONDS));
        assertFalse(t.isAlive());
        assertEquals(List.of("before", "during", "after"), order);
    }

    @Test
    void shutdownRunsBeforeThenWaitsForItsDeferredsThenDuringThenAfter() throws Exception {
        SelectReactor reactor = new SelectReactor();
        List<String> order = Collections.synchronizedList(new java.util.ArrayList<>());
        CountDownLatch beforeRan = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        reactor.addSystemEventTrigger(Phase.AFTER, "shutdown", () -> order.add("after"));
        reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> order.add("during"));
        boolean[] runningDuringShutdown = {false};
        reactor.addSystemEventTrigger(Phase.BEFORE, "shutdown", () -> {
            order.add("before");
            runningDuringShutdown[0] = reactor.isRunning();
            beforeRan.countDown();
            // Fired from a pool thread once the test releases it: shutdown must wait for it.
            return reactor.deferToThread(() -> {
                assertTrue(release.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
                order.add("before's deferred");
                return null;
            });
        });
        reactor.addSystemEventTrigger(Phase.BEFORE, "shutdown", () -> {
            throw new IllegalStateException("expected by the test: a failing trigger is logged");
        });
        ReactorThread rt = new ReactorThread(reactor);
        try {
            reactor.stop();
            assertTrue(beforeRan.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(rt.thread.isAlive());
            assertEquals(List.of("before"), List.copyOf(order));
            release.countDown();
            rt.join();
            assertEquals(List.of("before", "before's deferred", "during", "after"), List.copyOf(order));
            assertTrue(runningDuringShutdown[0], "a reactor is still running in its shutdown triggers");
            assertFalse(reactor.isRunning());
        } finally {
            release.countDown();
            rt.close();
        }
    }

    @Test
    void aFailingBeforeDeferredIsLoggedAndShutdownGoesOn() throws Exception {
        SelectReactor reactor = new SelectReactor();
        List<String> order = new CopyOnWriteArrayList<>();
        reactor.addSystemEventTrigger(Phase.BEFORE, "shutdown",
                () -> Deferred.fail(new IllegalStateException("expected by the test")));
        reactor.addSystemEventTrigger(Phase.AFTER, "shutdown", () -> order.add("after"));
        ReactorThread rt = new ReactorThread(reactor);
        try {
            reactor.stop();
            rt.join();
            assertEquals(List.of("after"), order);
        } finally {
            rt.close();
        }
    }

    @Test
    void removingAnUnknownTriggerIsAClearError() {
        SelectReactor reactor = new SelectReactor();
        Object handle = reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> null);
        reactor.removeSystemEventTrigger(handle);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reactor.removeSystemEventTrigger(handle));
        assertTrue(e.getMessage().contains("already removed"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class,
                assertThrows(IllegalArgumentException.class, () -> reactor.removeSystemEventTrigger("nope")));
    }
}
