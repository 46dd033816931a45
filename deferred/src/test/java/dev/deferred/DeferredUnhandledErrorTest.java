package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A failed Deferred dropped on the floor is logged once at ERROR, never when handled or handed on
 * (Twisted item 32). Garbage collection is forced with {@link UnhandledErrors#collect}; every wait is
 * bounded, and every "not logged" check is made after a control failure dropped alongside it has
 * been logged, so it cannot pass just because the collector had not run yet.
 */
class DeferredUnhandledErrorTest {
    /** Rounds of forced collection before giving up on a report that should come. */
    private static final int MAX_ROUNDS = 20;

    /** Collects events in a thread-safe list: reports are logged on the reporting thread. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            events.add(e);
        }
    }

    private final Logger logger = (Logger) LoggerFactory.getLogger(Deferred.class);
    private final Capture capture = new Capture();
    private boolean debuggingBefore;

    @BeforeEach
    void attach() {
        debuggingBefore = Deferred.isDebugging();
        capture.start();
        logger.addAppender(capture);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(capture);
        capture.stop();
        Deferred.setDebugging(debuggingBefore);
    }

    @Test
    void aDroppedFailureIsLoggedExactlyOnceAtErrorWithItsStack() throws Exception {
        String marker = marker();
        dropFailed(marker);
        ILoggingEvent e = awaitReport(marker);
        assertEquals(Level.ERROR, e.getLevel());
        assertTrue(e.getFormattedMessage().startsWith("Unhandled error in Deferred"), e.getFormattedMessage());
        IThrowableProxy t = e.getThrowableProxy();
        assertEquals(IOException.class.getName(), t.getClassName());
        assertTrue(frames(t).contains("dropFailed"), "the failure's own stack is logged: " + frames(t));

        // More collections must not report it again.
        for (int i = 0; i < 3; i++) {
            assertTrue(UnhandledErrors.collect(Duration.ofSeconds(5)));
        }
        assertEquals(1, reports(marker).size());
    }

    @Test
    void aFailureHandledByAnErrbackIsNeverLogged() throws Exception {
        String handled = marker();
        Deferred.fail(new IOException(handled)).addErrback(e -> "recovered");
        Deferred.fail(new IOException(handled)).addErrback(IOException.class, e -> "trapped");
        Deferred.fail(new IOException(handled)).addBoth(t -> "cleaned up");
        assertNotLoggedAfterControl(handled);
    }

    @Test
    void aFailureTakenByChainingIsLoggedOnlyWhereItEndsUp() throws Exception {
        String handledInner = marker();
        // A failed inner returned from a callback: the outer takes (and here handles) the failure.
        Deferred.succeed(1).<Object>addCallbackDeferred(x -> Deferred.fail(new IOException(handledInner))).addErrback(e -> "ok");
        // A pending inner that fails later: same.
        dropHandledLaterInnerFailure(handledInner);
        assertNotLoggedAfterControl(handledInner);

        // If the outer does not handle it, it is logged once: for the outer, not also for the inner.
        String unhandledOuter = marker();
        dropChainedFailure(unhandledOuter);
        awaitReport(unhandledOuter);
        assertTrue(UnhandledErrors.collect(Duration.ofSeconds(5)));
        assertEquals(1, reports(unhandledOuter).size());
    }

    @Test
    void aFailureHandedOnByChainDeferredIsLoggedOnlyWhereItEndsUp() throws Exception {
        String handed = marker();
        dropHandledChainDeferredFailure(handed);
        assertNotLoggedAfterControl(handed);

        String unhandledAtD2 = marker();
        dropChainDeferredFailure(unhandledAtD2);
        awaitReport(unhandledAtD2);
        assertTrue(UnhandledErrors.collect(Duration.ofSeconds(5)));
        assertEquals(1, reports(unhandledAtD2).size());
    }

    @Test
    void theDebugStacksAreLoggedWhenDebugging() throws Exception {
        Deferred.setDebugging(true);
        String marker = marker();
        dropFailedWhileDebugging(marker);
        Deferred.setDebugging(debuggingBefore);
        ILoggingEvent e = awaitReport(marker);
        String msg = e.getFormattedMessage();
        assertTrue(msg.contains("C: Deferred was created:"), msg);
        assertTrue(msg.contains("I: First Invoker was:"), msg);
        assertTrue(msg.contains("dropFailedWhileDebugging"), "the stacks name where it was created and fired: " + msg);
    }

    @Test
    void withoutDebuggingTheLogSaysHowToGetTheStacks() throws Exception {
        Deferred.setDebugging(false);
        String marker = marker();
        dropFailed(marker);
        assertTrue(awaitReport(marker).getFormattedMessage().contains("setDebugging(true)"));
    }

    // ---- helpers: each drop happens in its own frame, so nothing in the test keeps the Deferred alive

    private static void dropFailed(String marker) {
        Deferred.fail(new IOException(marker));
    }

    private static void dropFailedWhileDebugging(String marker) {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException(marker));
    }

    private static void dropChainedFailure(String marker) {
        Deferred<String> inner = new Deferred<>();
        Deferred.succeed(1).addCallbackDeferred(x -> inner);
        inner.errback(new IOException(marker));
    }

    private static void dropHandledLaterInnerFailure(String marker) {
        Deferred<String> later = new Deferred<>();
        Deferred.succeed(1).addCallbackDeferred(x -> later).addErrback(e -> "ok");
        later.errback(new IOException(marker));
    }

    private static void dropHandledChainDeferredFailure(String marker) {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        d1.chainDeferred(d2);
        d2.addErrback(e -> "handled at d2");
        d1.errback(new IOException(marker));
    }

    private static void dropChainDeferredFailure(String marker) {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        d1.chainDeferred(d2);
        d1.errback(new IOException(marker));
    }

    private void assertNotLoggedAfterControl(String marker) throws InterruptedException {
        String control = marker();
        dropFailed(control);
        awaitReport(control);
        assertTrue(UnhandledErrors.collect(Duration.ofSeconds(5)));
        assertEquals(List.of(), reports(marker), "a handled or handed-on failure was logged");
    }

    private ILoggingEvent awaitReport(String marker) throws InterruptedException {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ILoggingEvent> found = reports(marker);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            UnhandledErrors.collect(Duration.ofSeconds(2));
        }
        List<ILoggingEvent> found = reports(marker);
        assertEquals(1, found.size(), "the dropped failure " + marker + " was not logged");
        return found.get(0);
    }

    private List<ILoggingEvent> reports(String marker) {
        return capture.events.stream()
                .filter(e -> e.getFormattedMessage().contains("Unhandled error in Deferred"))
                .filter(e -> e.getThrowableProxy() != null && marker.equals(e.getThrowableProxy().getMessage()))
                .toList();
    }

    private static String frames(IThrowableProxy t) {
        return Arrays.stream(t.getStackTraceElementProxyArray()).map(StackTraceElementProxy::getSTEAsString).toList().toString();
    }

    private static String marker() {
        return "unhandled-test-" + UUID.randomUUID();
    }
}
