package dev.deferred;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A strand on the JDK's own one-shot continuations ({@code jdk.internal.vm.Continuation}, the
 * machinery under virtual threads). The body is mounted on whichever thread calls {@link #step},
 * runs there, and a {@link #suspend()} unmounts it and returns from {@code step}: a suspend and
 * resume costs about as much as a method call that copies a few stack frames, with no thread
 * hand-off at all.
 *
 * <p><b>Experimental, off by default.</b> The JDK supports continuations only under virtual
 * threads; moved between platform threads, code compiled by C2 may keep a stale
 * {@code Thread.currentThread()} across the yield (the concurrency tests caught a resumed body
 * reading the starting thread's state). So this strand is used only when asked for with
 * {@code -Ddev.deferred.inlineCallbacks.continuations=true}, and only when the JVM was started with
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or {@code =dev.deferred} on the
 * module path) and a self-test shows that a body can suspend while holding a monitor (JDK 24 and
 * newer). Otherwise {@link #AVAILABLE} is false and inline callbacks use
 * {@link VirtualThreadStrand}.
 */
final class ContinuationStrand extends Strand {

    /**
     * The {@code --add-exports} option that opens jdk.internal.vm to {@code ours}: to
     * {@code ALL-UNNAMED} on the class path, but on the module path only to the module by name
     * ({@code ALL-UNNAMED} does not reach a named module).
     */
    static String addExportsOption(Module ours) {
        return "--add-exports java.base/jdk.internal.vm=" + (ours.isNamed() ? ours.getName() : "ALL-UNNAMED");
    }

    /** The property that, set to {@code true}, turns this experimental strand on when it is available. */
    static final String PROPERTY = "dev.deferred.inlineCallbacks.continuations";

    static final boolean AVAILABLE;
    /** Why the strand is not available (null when it is), for {@link InlineCallbacks#mechanism()}. */
    static final String UNAVAILABLE_REASON;

    // (Object scope, Runnable) -> Object continuation
    private static final MethodHandle NEW;
    // (Object continuation) -> void
    private static final MethodHandle RUN;
    // (Object scope) -> boolean
    private static final MethodHandle YIELD;
    private static final Object SCOPE;

    static {
        MethodHandle newCont = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        Object scope = null;
        String reason = null;
        if (!"true".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            reason = "continuations are experimental and off unless -D" + PROPERTY + "=true";
        } else {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
                Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
                scope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                        .invoke("dev.deferred.InlineCallbacks");
                newCont = lookup.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                yield = lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                        .asType(MethodType.methodType(boolean.class, Object.class));
            } catch (Throwable t) {
                Failures.rethrowIfFatal(t);
                reason = "jdk.internal.vm.Continuation is not accessible (" + t + "); start the JVM with "
                        + addExportsOption(ContinuationStrand.class.getModule()) + " to use it";
            }
            if (reason == null) {
                try {
                    selfTest(newCont, run, yield, scope);
                } catch (Throwable t) {
                    Failures.rethrowIfFatal(t);
                    reason = "continuations on this JDK cannot suspend as inline callbacks need (" + t
                            + "); JDK 24 or newer can";
                }
            }
            if (reason != null) {
                newCont = run = yield = null;
                scope = null;
            }
        }
        NEW = newCont;
        RUN = run;
        YIELD = yield;
        SCOPE = scope;
        AVAILABLE = reason == null;
        UNAVAILABLE_REASON = reason;
    }

    /**
     * Proves, once, that a continuation really suspends and resumes on this JVM, including with a
     * monitor held inside the body and below it (the caller firing a Deferred inside a
     * {@code synchronized} block). JDKs before 24 refuse such a yield ("pinned"); there the
     * virtual-thread strand, which has no such limit, is used instead.
     */
    private static void selfTest(MethodHandle newCont, MethodHandle run, MethodHandle yield, Object scope)
            throws Throwable {
        int[] progress = new int[1];
        Object inside = new Object();
        Object below = new Object();
        Object c = newCont.invokeExact(scope, (Runnable) () -> {
            progress[0] = 1;
            synchronized (inside) {
                try {
                    if (!(boolean) yield.invokeExact(scope)) {
                        return;
                    }
                } catch (Throwable t) {
                    throw Failures.<RuntimeException>sneaky(t);
                }
            }
            progress[0] = 2;
        });
        synchronized (below) {
            run.invokeExact(c);
        }
        if (progress[0] != 1) {
            throw new IllegalStateException("continuation did not suspend");
        }
        run.invokeExact(c);
        if (progress[0] != 2) {
            throw new IllegalStateException("continuation did not resume");
        }
    }

    private final InlineBody<?> body;
    /*
     * The continuation. Run by one thread at a time: the body's driver, which by the protocol in
     * InlineBody is the only thread allowed to step it; the hand-over between drivers is ordered
     * by the waiter's state CAS.
     */
    private final Object continuation;
    private String pinned = "";

    ContinuationStrand(InlineBody<?> body) {
        this.body = body;
        try {
            this.continuation = NEW.invokeExact(SCOPE, (Runnable) body::runBody);
        } catch (Throwable t) {
            throw Failures.<RuntimeException>sneaky(t);
        }
    }

    @Override
    void step(InlineThreadState driver) {
        // The body runs on this very thread, so this thread's state must name it while it runs.
        InlineBody<?> outer = driver.current;
        driver.current = body;
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable t) {
            throw Failures.<RuntimeException>sneaky(t);
        } finally {
            driver.current = outer;
        }
    }

    @Override
    boolean suspend() {
        try {
            return (boolean) YIELD.invokeExact(SCOPE);
        } catch (IllegalStateException e) {
            // The JDK refuses to unmount a frame it cannot move (a native frame, e.g. a class
            // initializer or a call through JNI, sits between the body's start and this await).
            pinned = e.getMessage();
            return false;
        } catch (Throwable t) {
            throw Failures.<RuntimeException>sneaky(t);
        }
    }

    @Override
    String whyNotSuspended() {
        return pinned;
    }

    /** The body runs on the very thread that stepped it. */
    @Override
    Thread drivingThread() {
        return Thread.currentThread();
    }

    @Override
    String kind() {
        return "continuation";
    }
}
