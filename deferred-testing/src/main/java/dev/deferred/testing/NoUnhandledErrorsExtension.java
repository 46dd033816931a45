package dev.deferred.testing;

import dev.deferred.UnhandledErrors;
import dev.deferred.UnhandledErrors.UnhandledError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which left a failure unhandled in a Deferred (Twisted's
 * trial does the same). After each test (after its {@code @AfterEach} methods) it forces a garbage
 * collection with {@link UnhandledErrors#collect(Duration)} and fails the test, naming each
 * unhandled error reported since the test started; the first is the assertion's cause. In
 * {@link dev.deferred.Deferred#setDebugging(boolean) debug mode} the message also says where each
 * Deferred was created and first fired, and each failure's printed stack carries its trail.
 *
 * <pre>{@code
 * @ExtendWith(NoUnhandledErrorsExtension.class)
 * class ClientTest {
 *     @Test
 *     void fetchFailsCleanly() {
 *         Deferred<String> d = client.fetch("gone");
 *         failureResultOf(d, IOException.class);   // handled: the test passes
 *     }
 * }
 * }</pre>
 *
 * <p>Before each test it also collects once, so errors left by earlier code are not blamed on
 * this test. Limits: a failed Deferred that is still reachable after the test (held in a field of
 * the test instance or in a static) is not garbage yet and cannot be seen; unhandled errors of
 * tests running in parallel in the same JVM may be attributed to each other, so do not combine
 * this extension with parallel execution. Each check costs a full GC or a few.
 */
public final class NoUnhandledErrorsExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoUnhandledErrorsExtension.class);
    private static final Duration GC_TIMEOUT = Duration.ofSeconds(30);

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public NoUnhandledErrorsExtension() {}

    /** The errors reported while one test runs; the listener runs on the reporting thread. */
    private static final class Recorder {
        private final List<UnhandledError> errors = new ArrayList<>();
        private AutoCloseable registration;

        synchronized void add(UnhandledError e) {
            errors.add(e);
        }

        synchronized List<UnhandledError> errors() {
            return new ArrayList<>(errors);
        }

        void close() throws Exception {
            registration.close();
        }
    }

    /**
     * Collects earlier garbage, then starts recording unhandled errors.
     *
     * @param context the test's context
     * @throws Exception if interrupted while collecting
     */
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        UnhandledErrors.collect(GC_TIMEOUT);
        Recorder recorder = new Recorder();
        recorder.registration = UnhandledErrors.addListener(recorder::add);
        context.getStore(NAMESPACE).put(context.getUniqueId(), recorder);
    }

    /**
     * Collects the test's garbage, stops recording, and fails the test if anything was reported.
     *
     * @param context the test's context
     * @throws Exception if interrupted while collecting
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Recorder recorder = context.getStore(NAMESPACE).remove(context.getUniqueId(), Recorder.class);
        if (recorder == null) {
            return;
        }
        boolean collected;
        try {
            collected = UnhandledErrors.collect(GC_TIMEOUT);
        } finally {
            recorder.close();
        }
        List<UnhandledError> errors = recorder.errors();
        if (!errors.isEmpty()) {
            StringBuilder sb = new StringBuilder("The test left ").append(errors.size())
                    .append(errors.size() == 1 ? " unhandled error" : " unhandled errors").append(" in Deferreds:");
            for (UnhandledError e : errors) {
                sb.append("\n - ").append(e.deferred()).append(": ").append(e.failure()).append(e.debugStacks());
            }
            sb.append("\nHandle each failure (addErrback, failureResultOf) or consume it (e.g. gatherResults(list, true)).");
            AssertionError failure = new AssertionError(sb.toString(), errors.get(0).failure());
            for (UnhandledError e : errors.subList(1, errors.size())) {
                failure.addSuppressed(e.failure());
            }
            throw failure;
        }
        if (!collected) {
            Assertions.fail("NoUnhandledErrorsExtension could not confirm a garbage collection within " + GC_TIMEOUT
                    + ", so unhandled errors left by this test may have gone unnoticed");
        }
    }
}
