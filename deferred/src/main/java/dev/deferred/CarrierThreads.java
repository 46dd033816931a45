package dev.deferred;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads with a scheduler of our own, so that an inline body's thread can be run by the
 * thread that resumes it (see {@link VirtualThreadStrand}). The JDK (21 to 25) has no public way to
 * choose a virtual thread's scheduler; its builder takes one in a package-private constructor, which
 * reflection may call only when the JVM was started with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =dev.deferred} on the module
 * path). So this is an opt-in: {@code -Ddev.deferred.inlineCallbacks.carrier=true}.
 */
final class CarrierThreads {
    /** The property that, set to {@code true}, turns the carrier mechanism on when it is available. */
    static final String PROPERTY = "dev.deferred.inlineCallbacks.carrier";

    static final boolean AVAILABLE;
    /** Why the carrier mechanism is not used (null when it is), for {@link InlineCallbacks#mechanism()}. */
    static final String UNAVAILABLE_REASON;
    private static final Constructor<?> BUILDER;

    static {
        Constructor<?> builder = null;
        String reason = null;
        if (!"true".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            reason = "the carrier mechanism is off unless -D" + PROPERTY + "=true";
        } else {
            try {
                Class<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                builder = k.getDeclaredConstructor(Executor.class);
                builder.setAccessible(true);
                selfTest(builder);
            } catch (ReflectiveOperationException | RuntimeException e) {
                builder = null;
                reason = "virtual threads cannot be given a scheduler here (" + e + "); start the JVM with"
                        + " --add-opens java.base/java.lang=ALL-UNNAMED to use the carrier mechanism";
            }
        }
        BUILDER = builder;
        AVAILABLE = builder != null;
        UNAVAILABLE_REASON = reason;
    }

    private CarrierThreads() {}

    /**
     * Proves once, on a platform thread of its own (a virtual thread cannot carry another), that a
     * thread built with a scheduler really runs where the scheduler runs it.
     */
    private static void selfTest(Constructor<?> builder) throws ReflectiveOperationException {
        SelfTest test = new SelfTest((Thread.Builder.OfVirtual) builder.newInstance((Executor) Runnable::run));
        // Not a lambda: its code would belong to this class, which the new thread would then wait
        // to see initialised while this thread, initialising it, waits for that thread.
        Thread carrier = Thread.ofPlatform().daemon().start(test);
        try {
            carrier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the carrier self-test", e);
        }
        if (test.ran == null || test.ran != test.started) {
            throw new IllegalStateException("a virtual thread with a custom scheduler did not run on the calling thread");
        }
    }

    private static final class SelfTest implements Runnable {
        private final Thread.Builder.OfVirtual inline;
        Thread started;
        Thread ran;

        SelfTest(Thread.Builder.OfVirtual inline) {
            this.inline = inline;
        }

        @Override
        public void run() {
            started = inline.unstarted(() -> ran = Thread.currentThread());
            started.start();
        }
    }

    /** A factory of virtual threads that {@code scheduler} runs. */
    static ThreadFactory factory(Executor scheduler, String name) {
        try {
            return ((Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler)).name(name).factory();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the carrier mechanism passed its self-test but cannot build a thread", e);
        }
    }

    /**
     * Platform threads for a body whose slice has no platform thread to run it: its driver is a
     * virtual thread (another body, say), or it was given up. Grows as needed, so no slice waits
     * behind another; idle threads end after a minute.
     */
    static ExecutorService spare() {
        return Spare.POOL;
    }

    private static final class Spare {
        static final ExecutorService POOL = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("inline-callbacks-carrier-", 1).factory());
    }
}
