package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureOf;
import static dev.deferred.Results.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vavr.control.Try;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeferredListTest {

    @Test
    void firesWhenAllHaveFiredWithOneOutcomePerInputInOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.of(List.of(a, b, c));
        a.callback("1");
        assertNoResult(list);
        IOException boom = new IOException("3");
        c.errback(boom);
        assertNoResult(list);
        b.callback("2");
        List<Try<String>> outcomes = valueOf(list);
        assertEquals(List.of(Try.success("1"), Try.success("2"), Try.failure(boom)), outcomes);
        c.addErrback(e -> null);
    }

    @Test
    void emptyListFiresAtOnceWithEmptyList() {
        assertEquals(List.of(), valueOf(DeferredList.<String>of(List.of())));
        assertEquals(List.of(), valueOf(DeferredList.<String>builder(List.of()).fireOnOneErrback(true).build()));
    }

    @Test
    void emptyListWithFireOnOneCallbackNeverFires() {
        Deferred<Indexed<String>> first = DeferredList.<String>builder(List.of()).fireOnOneCallback();
        assertNoResult(first);
    }

    @Test
    void alreadyFiredInputsAreTakenAtConstruction() {
        IOException boom = new IOException("x");
        Deferred<String> failed = Deferred.fail(boom);
        Deferred<List<Try<String>>> list = DeferredList.of(List.of(Deferred.succeed("a"), failed));
        assertEquals(List.of(Try.success("a"), Try.failure(boom)), valueOf(list));
        failed.addErrback(e -> null);
    }

    @Test
    void withoutConsumeErrorsTheInputsKeepTheirFailures() {
        Deferred<String> a = new Deferred<>();
        DeferredList.of(List.of(a));
        IOException boom = new IOException("x");
        a.errback(boom);
        assertSame(boom, failureOf(a, IOException.class));
    }

    @Test
    void consumeErrorsLeavesNullInTheInputButRecordsTheFailure() {
        Deferred<String> a = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.<String>builder(List.of(a)).consumeErrors(true).build();
        IOException boom = new IOException("x");
        a.errback(boom);
        assertNull(valueOf(a));
        assertSame(boom, valueOf(list).get(0).getCause());
    }

    @Test
    void callbacksAddedBeforeTheListChangeWhatItSees() {
        Deferred<String> a = new Deferred<>();
        a.addCallback(s -> s + " ten");
        Deferred<List<Try<String>>> list = DeferredList.of(List.of(a));
        a.addCallback(s -> s + " later");
        a.callback("one");
        assertEquals(List.of(Try.success("one ten")), valueOf(list));
        assertEquals("one ten later", valueOf(a));
    }

    @Test
    void fireOnOneErrbackFailsWithTheFirstFailureAndIgnoresLaterInputs() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.<String>builder(List.of(a, b)).fireOnOneErrback(true).consumeErrors(true).build();
        IOException boom = new IOException("b");
        b.errback(boom);
        assertEquals(new FirstErrorException(1, boom), failureOf(list, FirstErrorException.class));
        a.errback(new IOException("a")); // no AlreadyCalled escapes into a's chain
        assertNull(valueOf(a));
    }

    @Test
    void fireOnOneErrbackWithAlreadyFailedInputs() {
        IOException boom = new IOException("x");
        Deferred<String> pending = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.<String>builder(List.of(pending, Deferred.fail(boom)))
                .fireOnOneErrback(true).consumeErrors(true).build();
        assertEquals(new FirstErrorException(1, boom), failureOf(list, FirstErrorException.class));
    }

    @Test
    void fireOnOneCallbackFiresWithTheFirstSuccessAndItsIndex() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> first = DeferredList.builder(List.of(a, b)).fireOnOneCallback();
        b.callback("B");
        assertEquals(new Indexed<>(1, "B"), valueOf(first));
        assertNoResult(a); // not cancelled: that is race's job
        a.callback("A");
        assertEquals("A", valueOf(a));
        assertEquals("B", valueOf(b)); // values pass through
    }

    @Test
    void fireOnOneCallbackWithAllFailingFailsWithAllFailuresInOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> first = DeferredList.<String>builder(List.of(a, b)).consumeErrors(true).fireOnOneCallback();
        IOException ea = new IOException("a");
        IOException eb = new IOException("b");
        b.errback(eb);
        assertNoResult(first);
        a.errback(ea);
        assertEquals(List.of(ea, eb), failureOf(first, FailureGroupException.class).getFailures());
    }

    @Test
    void fireOnOneCallbackAndFireOnOneErrbackTogether() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> first = DeferredList.<String>builder(List.of(a, b))
                .fireOnOneErrback(true).consumeErrors(true).fireOnOneCallback();
        IOException boom = new IOException("a");
        a.errback(boom);
        assertEquals(new FirstErrorException(0, boom), failureOf(first, FirstErrorException.class));
    }

    @Test
    void cancellingCancelsEveryInputAndCollectsTheirCancellations() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.<String>builder(List.of(a, b)).consumeErrors(true).build();
        list.cancel();
        List<Try<String>> outcomes = valueOf(list);
        assertEquals(2, outcomes.size());
        for (Try<String> t : outcomes) {
            assertInstanceOf(CancellationException.class, t.getCause());
        }
        assertNull(valueOf(a));
        assertNull(valueOf(b));
    }

    @Test
    void cancellingAFireOnOneCallbackListCancelsTheInputs() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> first = DeferredList.<String>builder(List.of(a, b)).consumeErrors(true).fireOnOneCallback();
        first.cancel();
        failureOf(first, FailureGroupException.class);
        assertNull(valueOf(a));
        assertNull(valueOf(b));
    }

    @Test
    void aCancellerThatThrowsIsLoggedNotRaised() {
        Deferred<String> a = new Deferred<>(d -> {
            throw new IllegalStateException("canceller broke");
        });
        Deferred<String> b = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.<String>builder(List.of(a, b)).consumeErrors(true).build();
        Logger logger = (Logger) LoggerFactory.getLogger(DeferredList.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            list.cancel(); // does not throw
        } finally {
            logger.detachAppender(appender);
        }
        assertEquals(1, appender.list.size());
        assertEquals(Level.ERROR, appender.list.get(0).getLevel());
        assertEquals("canceller broke", appender.list.get(0).getThrowableProxy().getMessage());
        assertNoResult(a); // its canceller threw before it could fire (as in Twisted)
        assertNull(valueOf(b));
        // `a` never reports and cancel() only cancels the inputs, so the list waits (as in Twisted).
        assertNoResult(list);
    }

    @Test
    void cancellingOnlyCancelsTheInputsAndTheListFiresWithWhatTheyProduceLater() {
        Deferred<Object> cleanUp = new Deferred<>();
        Deferred<Object> a = new Deferred<>();
        a.addErrbackDeferred(CancellationException.class, e -> cleanUp); // traps the cancellation, waits on a clean-up
        Deferred<List<Try<Object>>> list = DeferredList.of(List.of(a));
        list.cancel();
        assertTrue(a.isCalled(), "the input was cancelled");
        assertNoResult(list);
        cleanUp.callback("cleaned up");
        assertEquals(List.of(Try.success("cleaned up")), valueOf(list));
    }

    @Test
    void cancellingWaitsForAPausedInputAndReportsItsValue() {
        Deferred<String> a = new Deferred<>();
        a.pause();
        a.callback("value");
        Deferred<List<Try<String>>> list = DeferredList.of(List.of(a));
        list.cancel();
        assertNoResult(list);
        a.unpause();
        assertEquals(List.of(Try.success("value")), valueOf(list));
    }

    @Test
    void everyCancelBeforeTheListFiresCancelsTheInputsAgain() {
        Deferred<Object> cleanUp = new Deferred<>();
        Deferred<Object> a = new Deferred<>();
        a.addErrbackDeferred(CancellationException.class, e -> cleanUp);
        Deferred<List<Try<Object>>> list = DeferredList.of(List.of(a));
        list.cancel();
        list.cancel(); // reaches `a`, which now waits on cleanUp: cleanUp is cancelled
        assertEquals(1, valueOf(list).size());
        assertInstanceOf(CancellationException.class, valueOf(list).get(0).getCause());
    }

    @Test
    void aFireOnOneCallbackListWaitsForAnInputThatRecoversFromItsCancellation() {
        Deferred<Object> cleanUp = new Deferred<>();
        Deferred<Object> a = new Deferred<>();
        a.addErrbackDeferred(CancellationException.class, e -> cleanUp);
        Deferred<Indexed<Object>> first = DeferredList.<Object>builder(List.of(a, new Deferred<>())).consumeErrors(true).fireOnOneCallback();
        first.cancel();
        assertNoResult(first);
        cleanUp.callback("cleaned up");
        assertEquals(new Indexed<>(0, "cleaned up"), valueOf(first));
    }

    @Test
    void cancellingAListFiredByFireOnOneErrbackDoesNothing() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<List<Try<String>>> list = DeferredList.<String>builder(List.of(a, b)).fireOnOneErrback(true).build();
        a.errback(new IOException("x"));
        list.cancel();
        assertNoResult(b);
        failureOf(a, IOException.class);
        failureOf(list, FirstErrorException.class);
    }

    @Test
    void cancellingAFiredFireOnOneCallbackListDoesNothing() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> first = DeferredList.builder(List.of(a, b)).fireOnOneCallback();
        a.callback("x");
        first.cancel();
        assertNoResult(b);
        assertEquals(new Indexed<>(0, "x"), valueOf(first));
    }

    @Test
    void theListIsADeferredThatCanBeChained() {
        Deferred<String> a = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed(1);
        Deferred<List<Try<String>>> chained = outer.addCallbackDeferred(x -> DeferredList.of(List.of(a)));
        assertNoResult(chained);
        a.callback("v");
        assertEquals(List.of(Try.success("v")), valueOf(chained));
    }

    @Test
    void badInputIsRejectedAtTheCall() {
        assertThrows(NullPointerException.class, () -> DeferredList.of(null));
        assertThrows(NullPointerException.class, () -> DeferredList.builder(null));
        List<Deferred<String>> withNull = new ArrayList<>();
        withNull.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> DeferredList.of(withNull));
        assertTrue(e.getMessage().contains("element 0"), e.getMessage());
    }

    @Test
    void cancellingAFireOnOneCallbackListWhoseInputsCancellerSucceedsGivesThatSuccess() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>(d -> d.callback("from canceller"));
        Deferred<Indexed<String>> first = DeferredList.<String>builder(List.of(a, b)).consumeErrors(true).fireOnOneCallback();
        first.cancel();
        assertEquals(new Indexed<>(1, "from canceller"), valueOf(first));
    }

    @Test
    void inputsFiredOnSeveralThreadsAllArrive() throws Exception {
        int n = 64;
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<List<Try<Integer>>> list = DeferredList.of(inputs);
        CountDownLatch fired = new CountDownLatch(1);
        list.addCallback(v -> {
            fired.countDown();
            return v;
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int firstIndex = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = firstIndex; i < n; i += 4) {
                    inputs.get(i).callback(i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        List<Try<Integer>> outcomes = valueOf(list);
        for (int i = 0; i < n; i++) {
            assertEquals(Try.success(i), outcomes.get(i));
        }
    }
}
