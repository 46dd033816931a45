package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two ways reports used to go missing: a failure that references its own Deferred (it was
 * never reported and never freed), and {@link UnhandledErrors#collect} returning before the
 * reports of its collection were processed (it assumed the reference queue was FIFO).
 */
class UnhandledErrorTrackingTest {
    private boolean debugging;

    /** Debug mode off: its reports render stacks and would make 100,000 of them slow, not different. */
    @BeforeEach
    void off() {
        debugging = Deferred.isDebugging();
        Deferred.setDebugging(false);
    }

    @AfterEach
    void restore() {
        Deferred.setDebugging(debugging);
    }

    /** An exception that carries a context object, which holds the Deferred that failed with it. */
    static final class ContextException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Object context;

        ContextException(String message, Object context) {
            super(message);
            this.context = context;
        }
    }

    @Test
    void failuresThatReferenceTheirOwnDeferredAreReportedAndFreed() throws Exception {
        String marker = "self-ref-" + UUID.randomUUID();
        int n = 20_000;
        AtomicInteger reported = new AtomicInteger();
        List<WeakReference<Deferred<String>>> refs = new ArrayList<>(n);
        try (AutoCloseable reg = UnhandledErrors.addListener(e -> {
            if (e.failure().toString().contains(marker)) {
                reported.incrementAndGet();
            }
        })) {
            for (int i = 0; i < n; i++) {
                Deferred<String> d = new Deferred<>();
                d.errback(new ContextException(marker, new Object[] {d, new byte[256]}));
                refs.add(new WeakReference<>(d));
            }
            for (int round = 0; round < 5 && reported.get() < n; round++) {
                assertTrue(UnhandledErrors.collect(Duration.ofSeconds(30)));
            }
        }
        assertEquals(n, reported.get(), "every self-referencing failure is reported");
        long alive = refs.stream().filter(r -> !r.refersTo(null)).count();
        assertEquals(0, alive, "every self-referencing Deferred is freed");
    }

    @Test
    void theReportOfASelfReferencingFailureKeepsItsTextAndStack() throws Exception {
        String marker = "copy-" + UUID.randomUUID();
        List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable reg = UnhandledErrors.addListener(e -> {
            if (e.failure().toString().contains(marker)) {
                seen.add(e.failure());
            }
        })) {
            dropSelfReferencing(marker);
            for (int round = 0; round < 5 && seen.isEmpty(); round++) {
                assertTrue(UnhandledErrors.collect(Duration.ofSeconds(30)));
            }
        }
        assertEquals(1, seen.size());
        Throwable copy = seen.get(0);
        assertEquals(ContextException.class.getName() + ": " + marker, copy.toString());
        assertEquals(marker, copy.getMessage(), "a listener matching on the message must see the original's");
        assertTrue(copy.getCause() != null && copy.getCause().toString().contains("the cause"), copy.getCause() + "");
        assertEquals("dropSelfReferencing", copy.getStackTrace()[0].getMethodName());
    }

    private static void dropSelfReferencing(String marker) {
        Deferred<String> d = new Deferred<>();
        ContextException e = new ContextException(marker, d);
        e.initCause(new IllegalStateException("the cause"));
        d.errback(e);
    }

    @Test
    void collectReturnsOnlyAfterEveryReportOfItsCollectionWasProcessed() throws Exception {
        String marker = "collect-" + UUID.randomUUID();
        int n = 100_000;
        AtomicInteger reported = new AtomicInteger();
        try (AutoCloseable reg = UnhandledErrors.addListener(e -> {
            if (e.failure().getMessage().equals(marker)) {
                reported.incrementAndGet();
            }
        })) {
            // Stack-less failures: the point is the number of references the collection queues.
            for (int i = 0; i < n; i++) {
                new Deferred<String>().errback(new Exception(marker, null, false, false) {
                    private static final long serialVersionUID = 1L;
                });
            }
            assertTrue(UnhandledErrors.collect(Duration.ofSeconds(60)));
            assertEquals(n, reported.get(), "reports processed when collect() returned");
        }
    }
}
