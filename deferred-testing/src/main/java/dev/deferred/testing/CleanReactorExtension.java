package dev.deferred.testing;

import dev.deferred.Leftovers;
import dev.deferred.Leftovers.Leftover;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which leaves a reactor dirty: a {@code Clock},
 * {@code MemoryReactor} or {@code SelectReactor} (anything that implements {@link Leftovers})
 * registered with it that still has pending delayed calls, listening ports or open connections
 * when the test ends (Twisted trial's {@code DirtyReactorAggregateError}). The message lists each
 * leftover and, for those created while {@link dev.deferred.Deferred#setDebugging(boolean)
 * debugging} was on, where it was created.
 *
 * <pre>{@code
 * class RetryTest {
 *     @RegisterExtension
 *     final CleanReactorExtension reactors = new CleanReactorExtension();
 *
 *     @Test
 *     void givesUpAfterThreeTries() {
 *         Clock clock = reactors.register(new Clock());
 *         Deferred<String> d = retry(clock, () -> fail(), 3);
 *         clock.advance(Duration.ofSeconds(10));
 *         failureResultOf(d, GaveUpException.class);
 *     }   // a retry timer still pending here would fail the test
 * }
 * }</pre>
 *
 * <p>The check runs after the test's {@code @AfterEach} methods, so tear-down code may stop what it
 * started. Registrations last for one test. The extension does not clean the reactor up: a test
 * that fails this check is expected to be fixed, not retried on the same reactor.
 */
public final class CleanReactorExtension implements AfterEachCallback {
    /** Registered during the current test; guarded by this (a test may register from any thread). */
    private final List<Leftovers> registered = new ArrayList<>();

    /** Creates the extension; register it with {@code @RegisterExtension}. */
    public CleanReactorExtension() {}

    /**
     * Registers a reactor (or clock) to be checked when the current test ends.
     *
     * @param reactor what to check
     * @param <R> its type
     * @return {@code reactor}, for {@code Clock clock = reactors.register(new Clock());}
     * @throws NullPointerException if {@code reactor} is null
     */
    public <R extends Leftovers> R register(R reactor) {
        if (reactor == null) {
            throw new NullPointerException("register(null): pass the Clock or reactor the test uses");
        }
        synchronized (this) {
            registered.add(reactor);
        }
        return reactor;
    }

    /**
     * Fails the test if a registered reactor has leftovers, and forgets the registrations.
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        List<Leftovers> toCheck;
        synchronized (this) {
            toCheck = new ArrayList<>(registered);
            registered.clear();
        }
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (Leftovers reactor : toCheck) {
            List<Leftover> left = reactor.getLeftovers();
            for (Leftover l : left) {
                sb.append("\n - ").append(reactor).append(": ").append(l.toString().stripTrailing());
            }
            count += left.size();
        }
        if (count > 0) {
            throw new AssertionError("The test left its reactor dirty: " + count
                    + (count == 1 ? " leftover" : " leftovers") + sb
                    + "\nCancel the delayed calls, stop listening and close the connections the test started "
                    + "(an @AfterEach method may do it).");
        }
    }
}
