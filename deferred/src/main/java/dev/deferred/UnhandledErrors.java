package dev.deferred;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports failures that nobody handled: a {@link Deferred} that is garbage-collected while its
 * result is a failure is logged at ERROR on the slf4j logger {@code dev.deferred.Deferred} with the
 * message {@code "Unhandled error in Deferred: ..."} and the failure's stack trace (plus the creation
 * and first-invocation stacks when {@link Deferred#setDebugging(boolean) debugging} was on).
 *
 * <p>Rules a user can rely on:
 * <ul>
 *   <li>Each failure is reported at most once, and only if the Deferred still held it when it
 *       became unreachable.</li>
 *   <li>A failure that an errback handled, or that was handed on (returned from a callback into an
 *       outer Deferred, given to {@code chainDeferred}, awaited by an inline-callbacks body,
 *       converted to a {@code CompletableFuture}), is never reported.</li>
 *   <li>Reports come from a daemon thread named {@code deferred-unhandled-errors}, some time after
 *       a garbage collection; {@link #collect(Duration)} forces one and waits, for tests.</li>
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
    static final Logger LOG = LoggerFactory.getLogger(Deferred.class);

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** Keeps each pending report reachable until its Deferred dies or the failure is handled. */
    private static final Set<Tracked> PENDING = ConcurrentHashMap.newKeySet();
    private static final CopyOnWriteArrayList<Consumer<? super UnhandledError>> LISTENERS = new CopyOnWriteArrayList<>();

    static {
        Thread t = new Thread(UnhandledErrors::drainForever, "deferred-unhandled-errors");
        t.setDaemon(true);
        t.start();
    }

    private UnhandledErrors() {}

    /**
     * One failure that was still held by a Deferred when it was garbage-collected.
     *
     * @param failure the failure the Deferred held
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
     *
     * @param timeout how long to wait at most
     * @return true if the reports of at least one full collection were processed in time
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean collect(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // A marker object dropped just before the collection: once the reporting thread has seen
        // its reference, the references the same collection queued ahead of it were seen too.
        for (int round = 0; round < 3; round++) {
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
        }
        return true;
    }

    /** Starts tracking {@code failure}, held by {@code deferred}. Called under the Deferred's lock. */
    static Report track(Chain deferred, Throwable failure, DebugInfo debug) {
        Report r = new Report(deferred, failure, debug);
        PENDING.add(r);
        return r;
    }

    private static void drainForever() {
        while (true) {
            try {
                Tracked t = (Tracked) QUEUE.remove();
                if (PENDING.remove(t)) {
                    t.collected();
                }
            } catch (InterruptedException e) {
                // A daemon that is never meant to stop: ignore and keep serving.
            } catch (Throwable e) {
                LOG.warn("unhandled-error reporting failed", e);
            }
        }
    }

    /** A reference the reporting thread acts on when its referent dies. */
    private abstract static class Tracked extends PhantomReference<Object> {
        Tracked(Object referent) {
            super(referent, QUEUE);
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

    /** The pending report of one Deferred's failure. */
    static final class Report extends Tracked {
        final Throwable failure;
        private final String deferred;
        private final DebugInfo debug;

        Report(Chain d, Throwable failure, DebugInfo debug) {
            super(d);
            this.failure = failure;
            this.deferred = "Deferred@" + Integer.toHexString(System.identityHashCode(d));
            this.debug = debug;
        }

        /** The failure was handled or handed on: forget it without reporting. */
        void handled() {
            clear();
            PENDING.remove(this);
        }

        @Override
        void collected() {
            UnhandledError e = new UnhandledError(failure, deferred, DebugInfo.describe(debug));
            LOG.error("Unhandled error in Deferred: {} held a failure nobody handled{}", e.deferred(), e.debugStacks(), failure);
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
