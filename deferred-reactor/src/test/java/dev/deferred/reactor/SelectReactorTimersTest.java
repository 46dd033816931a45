package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.DelayedCall;
import dev.deferred.DelayedCallAlreadyCalledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timers on a real SelectReactor: order, cancel, reset, failures. No wall-clock assertions. */
class SelectReactorTimersTest {

    @Test
    void timersFireInDeadlineOrderThenSchedulingOrder() throws Exception {
        int[] delaysMs = {40, 5, 30, 0, 20, 5, 10, 0, 35, 15};
        List<Integer> fired = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(delaysMs.length);
        try (ReactorThread rt = new ReactorThread()) {
            // Scheduled in one reactor turn, so "now" is the same for all of them.
            rt.reactor.blockingCallFromThread(() -> {
                for (int i = 0; i < delaysMs.length; i++) {
                    int id = i;
                    rt.reactor.callLater(Duration.ofMillis(delaysMs[i]), () -> {
                        fired.add(id);
                        all.countDown();
                    });
                }
                return null;
            });
            assertTrue(all.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of(3, 7, 1, 5, 6, 9, 4, 2, 8, 0), rt.reactor.blockingCallFromThread(() -> List.copyOf(fired)));
            assertEquals(0, (int) rt.reactor.blockingCallFromThread(rt.reactor::getPendingTimerCount));
        }
    }

    @Test
    void cancelledTimersLeaveTheHeapAndNeverRun() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            List<String> ran = new ArrayList<>();
            int left = rt.reactor.blockingCallFromThread(() -> {
                List<DelayedCall> calls = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    calls.add(rt.reactor.callLater(Duration.ofMillis(1), () -> ran.add("oops")));
                }
                calls.forEach(DelayedCall::cancel);
                return rt.reactor.getPendingTimerCount();
            });
            assertEquals(0, left);
            CountDownLatch later = new CountDownLatch(1);
            rt.reactor.callLater(Duration.ofMillis(5), later::countDown);
            assertTrue(later.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of(), rt.reactor.blockingCallFromThread(() -> List.copyOf(ran)));
        }
    }

    @Test
    void timersCanBeScheduledCancelledAndResetFromAnotherThread() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            List<String> ran = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            DelayedCall never = rt.reactor.callLater(Duration.ofDays(1), () -> ran.add("never"));
            DelayedCall cancelled = rt.reactor.callLater(Duration.ofMillis(1), () -> ran.add("cancelled"));
            cancelled.cancel();
            assertFalse(cancelled.active());
            never.reset(Duration.ZERO);               // now due at once
            rt.reactor.callLater(Duration.ofMillis(20), done::countDown);
            assertTrue(done.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("never"), rt.reactor.blockingCallFromThread(() -> List.copyOf(ran)));
            assertThrows(DelayedCallAlreadyCalledException.class, never::cancel);
        }
    }

    @Test
    void cancelRacingWithFiringMeansExactlyOneOfThem() throws Exception {
        int n = 10_000;
        try (ReactorThread rt = new ReactorThread()) {
            java.util.concurrent.atomic.AtomicIntegerArray ran = new java.util.concurrent.atomic.AtomicIntegerArray(n);
            List<DelayedCall> calls = rt.reactor.blockingCallFromThread(() -> {
                List<DelayedCall> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int id = i;
                    out.add(rt.reactor.callLater(Duration.ofNanos(i * 100L), () -> ran.incrementAndGet(id)));
                }
                return out;
            });
            boolean[] cancelled = new boolean[n];
            for (int i = n - 1; i >= 0; i--) {          // from the far end, to meet the firing midway
                try {
                    calls.get(i).cancel();
                    cancelled[i] = true;
                } catch (DelayedCallAlreadyCalledException tooLate) {
                    // it ran (or is running) on the reactor thread
                }
            }
            CountDownLatch settled = new CountDownLatch(1);
            rt.reactor.callLater(Duration.ofMillis(2), settled::countDown);
            assertTrue(settled.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            rt.reactor.blockingCallFromThread(() -> null);
            for (int i = 0; i < n; i++) {
                assertEquals(cancelled[i] ? 0 : 1, ran.get(i), "timer " + i);
                assertFalse(calls.get(i).active());
            }
            assertEquals(0, (int) rt.reactor.blockingCallFromThread(rt.reactor::getPendingTimerCount));
        }
    }

    @Test
    void aFailingTimerDoesNotKillTheLoop() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            CountDownLatch after = new CountDownLatch(1);
            rt.reactor.blockingCallFromThread(() -> {
                rt.reactor.callLater(Duration.ZERO, () -> {
                    throw new IllegalStateException("expected by the test: logged, loop goes on");
                });
                rt.reactor.callLater(Duration.ofMillis(1), after::countDown);
                return null;
            });
            assertTrue(after.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(rt.reactor.isRunning());
        }
    }

    @Test
    void aZeroDelayTimerScheduledByATimerRunsOnALaterTurn() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            List<String> order = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            rt.reactor.blockingCallFromThread(() -> {
                rt.reactor.callLater(Duration.ZERO, () -> {
                    order.add("timer");
                    rt.reactor.callLater(Duration.ZERO, () -> {
                        order.add("nested timer");
                        done.countDown();
                    });
                    // Queued from the reactor thread: runs at the start of the next turn, before
                    // the nested timer, which proves the nested one did not run in the same pass.
                    rt.reactor.callFromThread(() -> order.add("next turn"));
                });
                return null;
            });
            assertTrue(done.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("timer", "next turn", "nested timer"),
                    rt.reactor.blockingCallFromThread(() -> List.copyOf(order)));
        }
    }

    @Test
    void aDelayTooLongToCountIsNeverAndDoesNotWrapIntoThePast() throws Exception {
        try (ReactorThread rt = new ReactorThread()) {
            List<String> ran = new ArrayList<>();
            CountDownLatch zeroRan = new CountDownLatch(1);
            DelayedCall[] huge = new DelayedCall[2];
            rt.reactor.blockingCallFromThread(() -> {
                huge[0] = rt.reactor.callLater(Duration.ofNanos(Long.MAX_VALUE), () -> ran.add("MAX nanos"));
                huge[1] = rt.reactor.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> ran.add("MAX seconds"));
                // Scheduled after them, due at once: it runs on the next turn, after any due timer.
                rt.reactor.callLater(Duration.ZERO, () -> {
                    ran.add("zero");
                    zeroRan.countDown();
                });
                return null;
            });
            assertTrue(zeroRan.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("zero"), rt.reactor.blockingCallFromThread(() -> List.copyOf(ran)));
            for (DelayedCall c : huge) {
                assertTrue(c.active(), c.toString());
                assertTrue(c.getTime() > 9e9, "the deadline saturates at the end of the time line: " + c.getTime());
            }
            rt.reactor.blockingCallFromThread(() -> {
                huge[0].delay(Duration.ofNanos(Long.MAX_VALUE)); // moving "never" later stays "never"
                return null;
            });
            assertTrue(huge[0].getTime() > 9e9, String.valueOf(huge[0].getTime()));
        }
    }
}
