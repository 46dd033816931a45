package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A platform thread's {@code callback()} that resumes a body is not held up by unrelated CPU-bound
 * virtual threads that keep every carrier of the JDK's scheduler busy (virtual threads are not
 * time-sliced: a body's thread parked on the default mechanism would wait for one of them to end).
 */
class InlineCallbacksStallTest {

    static volatile long sink;

    @Test
    void resumeOnAPlatformThreadDoesNotWaitForTheVirtualThreadScheduler() throws Exception {
        // Issue 15: woven bodies (deferred-weaver) pass with no flag: they run on the firing thread.
        assumeFalse(!InlineMechanism.woven() && InlineCallbacks.mechanism().startsWith("virtual-thread ("), "documented limitation of the default"
                + " mechanism: its bodies are virtual threads of the JDK's scheduler, which no library can"
                + " bypass without JVM flags (see docs/threading.md)");
        Deferred<String> gate = new Deferred<>();
        Deferred<Integer> body = InlineCallbacks.run(co -> co.await(gate).length());
        Outcome<Integer> outcome = Outcome.of(body);

        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean anyEnded = new AtomicBoolean();
        CountDownLatch allBusy = new CountDownLatch(carriers);
        List<Thread> busy = new ArrayList<>();
        long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);   // bounded, whatever happens
        for (int i = 0; i < carriers; i++) {
            busy.add(Thread.ofVirtual().start(() -> {
                allBusy.countDown();
                while (!stop.get() && System.nanoTime() - cap < 0) {
                    sink++;
                }
                anyEnded.set(true);
            }));
        }
        try {
            assertTrue(allBusy.await(30, TimeUnit.SECONDS), "the busy virtual threads did not all start");
            gate.callback("hello");             // this (platform) thread resumes the body
            // Had the resume waited for a carrier, it would have returned only after a busy thread ended.
            assertFalse(anyEnded.get(), "callback() returned only after the scheduler's carriers were freed");
            assertEquals(5, outcome.value());
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
        }
    }
}
