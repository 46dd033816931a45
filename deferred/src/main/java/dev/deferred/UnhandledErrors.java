package dev.deferred;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Reports failures that nobody handled: a {@link Deferred} that is garbage-collected while its
 * result is a failure is logged at ERROR on the slf4j logger {@code dev.deferred.Deferred} with the
 * message {@code "Unhandled error in Deferred: ..."} and the failure's stack trace (plus the creation
 * and first-invocation stacks and the failure's trail when {@link Deferred#setDebugging(boolean)
 * debugging} was on). With no slf4j provider bound the report goes to {@code System.err} instead
 * (see {@link ErrorLog}).
 *
 * <p>Rules a user can rely on:
 * <ul>
 *   <li>Each failure is reported at most once, and only if the Deferred still held it when it
 *       became unreachable (or when the JVM exited).</li>
 *   <li>A failure that an errback handled, or that was handed on (returned from a callback into an
 *       outer Deferred, given to {@code chainDeferred}, awaited by an inline-callbacks body,
 *       converted to a {@code CompletableFuture}), is never reported.</li>
 *   <li>Reports come from a daemon thread named {@code deferred-unhandled-errors}, some time after
 *       a garbage collection; {@link #collect(Duration)} forces one and waits, for tests.</li>
 *   <li>Failures still unhandled when the JVM exits (their Deferred still reachable, or garbage
 *       not yet collected) are reported then, once, by a shutdown hook ("... when the JVM
 *       exited"). Start the JVM with {@code -Ddev.deferred.unhandledErrors.reportAtExit=false}
 *       to turn that off.</li>
 *   <li>A failure that references its own Deferred (an exception carrying a request object that
 *       holds the Deferred, say) is reported and freed like any other. Such a failure cannot be
 *       kept for the report without keeping its Deferred alive, so once a failed Deferred has
 *       survived a garbage collection, its pending report keeps a copy of the failure instead (same
 *       text, same stack trace, same causes) and the original only weakly: for such long-lived
 *       failures {@link UnhandledError#failure()} is the copy unless the original is still
 *       reachable from elsewhere. A Deferred that dies young is reported with the original.</li>
 * </ul>
 *
 * <p>Listeners see every report as well as the log; the {@code deferred-testing} module uses one to
 * fail a test that leaves an unhandled error behind.
 *
 * <pre>{@code
 * try (var reg = UnhandledErrors.addListener(e -> seen.add(e.failure()))) {
 *     Deferred.fail(new IOException("lost"));   // dropped on the floor
 *     UnhandledErrors.collect(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class UnhandledErrors {
    static final Logger LOG = ErrorLog.logger(Deferred.class);

    /** The system property that turns the exit-time report off when set to {@code false}. */
    static final String REPORT_AT_EXIT = "dev.deferred.unhandledErrors.reportAtExit";

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /**
     * Keeps each pending report (and the GC canary, and collect()'s markers) reachable until it
     * has been processed. A record leaves the set after it has been reported or handled, never
     * before: collect() waits for the set to hold no record whose referent the collector cleared.
     */
    private static final Set<Tracked> PENDING = ConcurrentHashMap.newKeySet();
    private static final CopyOnWriteArrayList<Consumer<? super UnhandledError>> LISTENERS = new CopyOnWriteArrayList<>();
    /** Garbage collections seen so far (the canary counts them); written by the reporting thread only. */
    private static volatile int gcCount;

    static {
        Thread t = new Thread(UnhandledErrors::drainForever, "deferred-unhandled-errors");
        t.setDaemon(true);
        t.start();
        PENDING.add(new GcCanary());
        if (!"false".equalsIgnoreCase(System.getProperty(REPORT_AT_EXIT))) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(UnhandledErrors::reportAtExit, "deferred-unhandled-errors-at-exit"));
            } catch (IllegalStateException shuttingDown) {
                // First failure tracked while the JVM is already exiting: nothing left to hook into.
            }
        }
    }

    private UnhandledErrors() {}

    /**
     * One failure that was still held by a Deferred when it was garbage-collected (or when the JVM
     * exited).
     *
     * @param failure the failure the Deferred held, or a copy of it (see the class comment)
     * @param deferred how the Deferred identified itself ({@code Deferred@1b6d3586})
     * @param debugStacks the creation and first-invocation stacks when debugging was on, else a hint
     */
    public record UnhandledError(Throwable failure, String deferred, String debugStacks) {}

    /**
     * Registers a listener that is called, on the reporting thread, for each unhandled error.
     *
     * @param listener called once per report; must not block
     * @return a handle whose {@code close()} removes the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public static AutoCloseable addListener(Consumer<? super UnhandledError> listener) {
        if (listener == null) {
            throw new NullPointerException("addListener(null): pass the Consumer that should receive unhandled errors");
        }
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    /**
     * Runs the garbage collector and waits until every Deferred that it found unreachable has been
     * reported. Meant for tests: there is no other way to know that a dropped Deferred was seen.
     * Three collections are run, so that a failure referencing its own Deferred (which needs one
     * collection to be copied and the next to be freed) is reported too.
     *
     * @param timeout how long to wait at most
     * @return true if the reports of the collections were all processed in time
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean collect(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; round < 3; round++) {
            // A marker dropped just before the collection proves that a collection did run and that
            // its references reached the queue (System.gc() may be a no-op, and the JDK's reference
            // handler enqueues them some time after the collection).
            CountDownLatch seen = new CountDownLatch(1);
            Marker marker = new Marker(new Object(), seen);
            PENDING.add(marker);
            marker = null;
            do {
                System.gc();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (seen.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
                    break;
                }
            } while (true);
            // The queue hands references out in no useful order (it is a stack), so seeing the marker
            // says nothing about the others. What does: the collector cleared the referent of every
            // record it found dead, and a record leaves PENDING only once processed. So wait until
            // no record in PENDING has a cleared referent.
            while (anyClearedPending()) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Thread.sleep(1);
            }
        }
        return true;
    }

    private static boolean anyClearedPending() {
        for (Tracked t : PENDING) {
            if (t.refersTo(null)) {
                return true;
            }
        }
        return false;
    }

    /** Starts tracking {@code failure}, held by {@code deferred}. Called under the Deferred's lock. */
    static Report track(ChainState deferred, Throwable failure, DebugInfo debug) {
        Report r = new Report(deferred, failure, debug, gcCount);
        PENDING.add(r);
        return r;
    }

    private static void drainForever() {
        while (true) {
            try {
                Tracked t = (Tracked) QUEUE.remove();
                try {
                    if (t.claim()) {
                        t.collected();
                    }
                } finally {
                    // Only now: collect() treats a cleared record still in PENDING as not yet reported.
                    PENDING.remove(t);
                }
            } catch (InterruptedException e) {
                // A daemon that is never meant to stop: ignore and keep serving.
            } catch (Throwable e) {
                LOG.warn("unhandled-error reporting failed", e);
            }
        }
    }

    /** The shutdown hook: reports every failure still pending, whether its Deferred is garbage or not. */
    private static void reportAtExit() {
        for (Tracked t : PENDING) {
            if (t instanceof Report r && r.claim()) {
                try {
                    r.report(" when the JVM exited");
                } catch (RuntimeException e) {
                    LOG.warn("unhandled-error reporting failed", e);
                }
            }
        }
    }

    /**
     * Called by the canary after each collection: replaces the failure of every report whose
     * Deferred survived a collection by a copy (see Report).
     */
    private static void demoteSurvivors(int generation) {
        for (Tracked t : PENDING) {
            if (t instanceof Report r && r.born < generation && !r.refersTo(null)) {
                try {
                    r.demote();
                } catch (RuntimeException e) {
                    // A failure whose getStackTrace/getSuppressed misbehaves stays held strongly.
                    LOG.warn("could not copy the failure of {} for its unhandled-error report", r.deferred, e);
                }
            }
        }
    }

    /** A reference the reporting thread acts on when its referent dies. */
    private abstract static class Tracked extends PhantomReference<Object> {
        /** Set by whoever first claims the record: the reporting thread, the exit hook, or handled(). */
        private boolean claimed;

        Tracked(Object referent) {
            super(referent, QUEUE);
        }

        /** True exactly once per record: the caller then reports it (or forgets it). */
        final synchronized boolean claim() {
            if (claimed) {
                return false;
            }
            claimed = true;
            return true;
        }

        abstract void collected();
    }

    private static final class Marker extends Tracked {
        private final CountDownLatch seen;

        Marker(Object referent, CountDownLatch seen) {
            super(referent);
            this.seen = seen;
        }

        @Override
        void collected() {
            seen.countDown();
        }
    }

    /** Dies in every collection and re-arms itself: counts collections for demoteSurvivors. */
    private static final class GcCanary extends Tracked {
        GcCanary() {
            super(new Object());
        }

        @Override
        void collected() {
            int generation = gcCount + 1;
            gcCount = generation;
            PENDING.add(new GcCanary());
            demoteSurvivors(generation);
        }
    }

    /**
     * The pending report of one Deferred's failure: a phantom reference to the Deferred, which the
     * reporting thread acts on when the Deferred dies.
     *
     * <p>Why the failure is held in two ways. The report must outlive the Deferred, so it must keep
     * the failure; but a report that strongly keeps a failure which (through its fields, a
     * closure, a cause) references its own Deferred keeps that Deferred reachable from this class's
     * static set: it would never die, never be reported, and leak. No Java reference type can keep
     * an object for after its holder's death without keeping the holder alive (only finalization
     * could, and it is deprecated for removal), so: a new report holds the failure strongly, which
     * is right for the usual Deferred that dies young; once the Deferred has survived a
     * collection (the canary tells), the reporting thread replaces the strong reference by a
     * {@link FailureCopy} (text and stacks, no reference to anything live) plus a weak reference to
     * the original. From then on nothing static reaches the Deferred, the next collection frees it
     * (cycle and all), and the report shows the original if something else still keeps it, else the copy.
     * Copying happens on the reporting thread, never on the thread that fails the Deferred.
     */
    static final class Report extends Tracked {
        /** The failure, strongly, until demote(); then null. Read by ChainState and the exit hook. */
        private volatile Throwable failure;
        /** Written by demote() (reporting thread) before {@code failure} is nulled, which publishes them. */
        private WeakReference<Throwable> original;
        private Throwable copy;
        private final String deferred;
        private final DebugInfo debug;
        /** The collection count when tracking started: a report born before the last one survived it. */
        final int born;

        Report(ChainState d, Throwable failure, DebugInfo debug, int born) {
            super(d);
            this.failure = failure;
            this.deferred = d.identity();
            this.debug = debug;
            this.born = born;
        }

        /** The Deferred's debug information, which the Deferred keeps here while this report stands. */
        DebugInfo debug() {
            return debug;
        }

        /** Whether this report is about {@code f}. Called under the Deferred's lock. */
        boolean holds(Throwable f) {
            Throwable strong = failure;
            if (strong != null) {
                return strong == f;
            }
            WeakReference<Throwable> w = original;
            return w != null && w.refersTo(f);
        }

        /** The failure was handled or handed on: forget it without reporting. */
        void handled() {
            claim();
            // Out of PENDING before the referent is cleared: collect() waits on cleared records.
            PENDING.remove(this);
            clear();
        }

        /** Reporting thread only. */
        void demote() {
            Throwable f = failure;
            if (f == null) {
                return;
            }
            copy = FailureCopy.of(f);
            original = new WeakReference<>(f);
            failure = null;
        }

        private Throwable failureForReport() {
            Throwable f = failure;
            if (f != null) {
                return f;
            }
            Throwable o = original == null ? null : original.get();
            return o != null ? o : copy;
        }

        @Override
        void collected() {
            report("");
        }

        void report(String when) {
            Throwable f = failureForReport();
            UnhandledError e = new UnhandledError(f, deferred, DebugInfo.describe(debug));
            LOG.error("Unhandled error in Deferred: {} held a failure nobody handled{}{}", e.deferred(), when, e.debugStacks(), f);
            for (Consumer<? super UnhandledError> l : LISTENERS) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("unhandled-error listener {} threw", l, ex);
                }
            }
        }
    }
}
