package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an await returns or throws, and when the body goes on (Twisted semantics 48-50). */
class InlineCallbacksAwaitTest {

    @Test
    void awaitOfAFiredDeferredContinuesAtOnceWithItsValue() {
        List<String> log = new ArrayList<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            String a = co.await(Deferred.succeed("a"));
            log.add(a);
            String b = co.await(Deferred.succeed("b"));
            log.add(b);
            return a + b;
        });
        // Everything happened inside run(): nothing was suspended.
        assertEquals(List.of("a", "b"), log);
        assertEquals("ab", Outcome.of(r).value());
    }

    @Test
    void awaitOfAFailedDeferredThrowsItsFailureWithItsOwnType() {
        FileNotFoundException missing = new FileNotFoundException("missing");
        Deferred<String> r = InlineCallbacks.run(co -> {
            try {
                return co.await(Deferred.<String>fail(missing));
            } catch (IOException e) {
                assertSame(missing, e);
                return "recovered from " + e.getMessage();
            }
        });
        assertEquals("recovered from missing", Outcome.of(r).value());
    }

    @Test
    void failureFiredLaterIsThrownAtTheAwaitAndTheBodyGoesOn() {
        Deferred<Integer> first = new Deferred<>();
        Deferred<Integer> second = new Deferred<>();
        List<String> log = new ArrayList<>();
        Deferred<Integer> r = InlineCallbacks.run(co -> {
            int a;
            try {
                a = co.await(first);
            } catch (IOException e) {
                log.add("caught " + e.getMessage());
                a = -1;
            }
            int b = co.await(second);
            return a + b;
        });
        Outcome<Integer> out = Outcome.of(r);
        first.errback(new IOException("io"));
        assertEquals(List.of("caught io"), log);
        assertFalse(out.fired());
        second.callback(10);
        assertEquals(9, out.value());
    }

    @Test
    void bodyResumesInsideCallbackAndRunsToItsNextWaitBeforeCallbackReturns() {
        List<String> log = new ArrayList<>();
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        InlineCallbacks.run(co -> {
            log.add("body got " + co.await(first));
            log.add("body got " + co.await(second));
            log.add("body ends");
            return null;
        });
        first.callback("1");
        log.add("callback 1 returned");
        second.callback("2");
        log.add("callback 2 returned");
        assertEquals(List.of("body got 1", "callback 1 returned", "body got 2", "body ends", "callback 2 returned"), log);
    }

    @Test
    void awaitedDeferredIsLeftHoldingNull() {
        Deferred<String> pending = new Deferred<>();
        Deferred<String> fired = Deferred.succeed("now");
        Deferred<Void> failed = Deferred.fail(new IOException("handled by the body"));
        InlineCallbacks.run(co -> {
            co.await(fired);
            co.await(pending);
            try {
                co.await(failed);
            } catch (IOException expected) {
                // handled here, so the Deferred must not report it
            }
            return null;
        });
        pending.callback("later");
        assertNull(Outcome.of(pending).value());
        assertNull(Outcome.of(fired).value());
        assertNull(Outcome.of(failed).value());
    }

    @Test
    void callbacksAddedAfterTheAwaitSeeNull() {
        Deferred<String> d = new Deferred<>();
        List<Object> seenByBody = new ArrayList<>();
        InlineCallbacks.run(co -> seenByBody.add(co.await(d)));
        Outcome<String> later = Outcome.of(d);
        d.callback("value");
        assertEquals(List.of("value"), seenByBody);
        assertNull(later.value());
    }

    @Test
    void failureThrownIntoTheBodyIsNotReportedAsUnhandled() throws Exception {
        List<UnhandledErrors.UnhandledError> reported = new ArrayList<>();
        IOException marker = new IOException("consumed by the body");
        try (AutoCloseable listener = UnhandledErrors.addListener(e -> {
            if (e.failure() == marker) {
                synchronized (reported) {
                    reported.add(e);
                }
            }
        })) {
            awaitFailureAndDrop(marker);
            assertTrue(UnhandledErrors.collect(java.time.Duration.ofSeconds(10)));
            synchronized (reported) {
                assertEquals(List.of(), reported);
            }
        }
    }

    private static void awaitFailureAndDrop(IOException marker) {
        Deferred<String> d = new Deferred<>();
        Deferred<String> r = InlineCallbacks.run(co -> {
            try {
                return co.await(d);
            } catch (IOException e) {
                return "handled";
            }
        });
        d.errback(marker);
        assertEquals("handled", Outcome.of(r).value());
    }

    @Test
    void unhandledFailureOfTheBodyIsReportedOnceItsDeferredIsCollected() throws Exception {
        // The counterpart of the test above, so that it can fail: a body's own escaping failure
        // that nobody handles is reported like any other Deferred's.
        List<Throwable> reported = new ArrayList<>();
        IOException marker = new IOException("escaped the body");
        try (AutoCloseable listener = UnhandledErrors.addListener(e -> {
            if (e.failure() == marker) {
                synchronized (reported) {
                    reported.add(e.failure());
                }
            }
        })) {
            InlineCallbacks.run(co -> {
                throw marker;
            });
            for (int i = 0; i < 10; i++) {
                assertTrue(UnhandledErrors.collect(java.time.Duration.ofSeconds(10)));
                synchronized (reported) {
                    if (!reported.isEmpty()) {
                        break;
                    }
                }
            }
            synchronized (reported) {
                assertEquals(List.of(marker), reported);
            }
        }
    }

    @Test
    void millionAwaitsOfFiredDeferredsUseNoExtraStack() {
        int n = 1_000_000;
        Deferred<Long> r = InlineCallbacks.run(co -> {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += co.<Integer>await(Deferred.succeed(i));
            }
            return sum;
        });
        assertEquals((long) n * (n - 1) / 2, Outcome.of(r).value());
    }

    @Test
    void manyAwaitsOfPendingDeferredsFiredOneByOne() {
        int n = 10_000;
        List<Deferred<Integer>> ds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ds.add(new Deferred<>());
        }
        Deferred<Long> r = InlineCallbacks.run(co -> {
            long sum = 0;
            for (Deferred<Integer> d : ds) {
                sum += co.await(d);
            }
            return sum;
        });
        Outcome<Long> out = Outcome.of(r);
        for (int i = 0; i < n; i++) {
            assertFalse(out.fired());
            ds.get(i).callback(i);
        }
        assertEquals((long) n * (n - 1) / 2, out.value());
    }

    @Test
    void awaitOfAPausedDeferredWaitsForUnpause() {
        Deferred<String> d = Deferred.succeed("held");
        d.pause();
        Deferred<String> r = InlineCallbacks.run(co -> co.await(d));
        Outcome<String> out = Outcome.of(r);
        assertFalse(out.fired());
        d.unpause();
        assertEquals("held", out.value());
    }
}
