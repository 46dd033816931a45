package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.deferred.testsupport.LogCapture;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Issue 18 item 14: a turn of the loop that blocks is logged with the loop thread's stack. */
class SelectReactorBlockedLoopTest {

    private static final Predicate<ILoggingEvent> BLOCKED =
            e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("has been busy for");

    /** Blocks the loop until released: the frame the warning's stack must show. */
    private static void blockTheLoop(CountDownLatch blocking, CountDownLatch release) throws InterruptedException {
        blocking.countDown();
        assertTrue(release.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS), "never released");
    }

    @Test
    void aTurnLongerThanTheThresholdIsLoggedOnceWithTheLoopsStack() throws Exception {
        SelectReactor reactor = new SelectReactor();
        reactor.setBlockedLoopWarning(Duration.ofMillis(50));
        try (LogCapture logs = LogCapture.of(SelectReactor.class, Level.WARN); ReactorThread rt = new ReactorThread(reactor)) {
            CountDownLatch blocking = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            reactor.callFromThread(() -> {
                try {
                    blockTheLoop(blocking, release);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocking.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            ILoggingEvent warning = logs.await(BLOCKED, ReactorThread.BOUND_SECONDS);
            assertNotNull(warning, "no blocked-loop warning: " + logs.text());
            assertTrue(warning.getFormattedMessage().contains("test-reactor")
                    && warning.getFormattedMessage().contains("threshold is 50 ms"), warning.getFormattedMessage());
            StackTraceElementProxy[] stack = warning.getThrowableProxy().getStackTraceElementProxyArray();
            assertTrue(Arrays.stream(stack).anyMatch(f -> f.getStackTraceElement().getMethodName().equals("blockTheLoop")),
                    "the stack shows where the loop blocks: " + Arrays.toString(stack));
            // The same turn, several checks later: still one warning.
            long checked = reactor.watchdog().checks();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorThread.BOUND_SECONDS);
            while (reactor.watchdog().checks() < checked + 3 && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            assertTrue(reactor.watchdog().checks() >= checked + 3, "the watchdog stopped looking");
            release.countDown();
            reactor.blockingCallFromThread(() -> null); // the turn is over
            assertEquals(1, logs.events.stream().filter(BLOCKED).count(), logs.text());
        }
    }

    @Test
    void theWarningCanBeTurnedOffAndOnAndRefusesANegativeThreshold() throws Exception {
        SelectReactor reactor = new SelectReactor();
        assertEquals(SelectReactor.DEFAULT_BLOCKED_LOOP_WARNING, reactor.getBlockedLoopWarning());
        reactor.setBlockedLoopWarning(Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> reactor.setBlockedLoopWarning(Duration.ofMillis(-1)));
        try (LogCapture logs = LogCapture.of(SelectReactor.class, Level.WARN); ReactorThread rt = new ReactorThread(reactor)) {
            assertTrue(!reactor.watchdog().hasThread(), "off: no watchdog thread");
            // Turned on while running: a blocked turn is reported.
            reactor.setBlockedLoopWarning(Duration.ofMillis(20));
            CountDownLatch blocking = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            reactor.callFromThread(() -> {
                try {
                    blockTheLoop(blocking, release);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocking.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertNotNull(logs.await(BLOCKED, ReactorThread.BOUND_SECONDS), logs.text());
            release.countDown();
        }
    }
}
