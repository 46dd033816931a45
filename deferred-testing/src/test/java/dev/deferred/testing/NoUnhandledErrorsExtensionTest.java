package dev.deferred.testing;

import static dev.deferred.testing.DeferredAssertions.failureResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.deferred.Deferred;
import dev.deferred.Deferreds;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class NoUnhandledErrorsExtensionTest {

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(SamplesOnly.KEY, "true")
                .selectors(selectClass(sample))
                .execute()
                .testEvents();
    }

    private static Throwable onlyFailure(Events events) {
        events.assertStatistics(s -> s.started(1).succeeded(0).failed(1));
        return events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    @Test
    void aTestThatDropsAFailedDeferredFailsNamingTheError() {
        Throwable t = onlyFailure(run(LeakingSample.class));
        assertInstanceOf(AssertionError.class, t);
        assertTrue(t.getMessage().startsWith("The test left 1 unhandled error in Deferreds:\n - Deferred@"), t.getMessage());
        assertTrue(t.getMessage().contains("java.io.IOException: leaked on purpose"), t.getMessage());
        assertInstanceOf(IOException.class, t.getCause());
    }

    @Test
    void everyLeakedErrorIsNamed() {
        Throwable t = onlyFailure(run(TwoLeaksSample.class));
        assertTrue(t.getMessage().startsWith("The test left 2 unhandled errors"), t.getMessage());
        assertTrue(t.getMessage().contains("first leak") && t.getMessage().contains("second leak"), t.getMessage());
        assertEquals(1, t.getSuppressed().length);
    }

    @Test
    void inDebugModeTheMessageSaysWhereTheDeferredWasCreated() {
        Throwable t = onlyFailure(run(DebugLeakSample.class));
        String msg = t.getMessage();
        assertTrue(msg.contains("java.io.IOException: leaked while debugging\nC: Deferred was created:\n"), msg);
        assertTrue(msg.contains("at dev.deferred.testing.NoUnhandledErrorsExtensionTest$DebugLeakSample.dropHere("), msg);
    }

    @Test
    void handledFailuresPass() {
        run(CleanSample.class).assertStatistics(s -> s.started(3).succeeded(3).failed(0));
    }

    @Test
    void samplesDoNotRunOnTheirOwn() {
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeakingSample.class)).execute();
        results.testEvents().assertStatistics(s -> s.started(0));
        results.containerEvents().assertStatistics(s -> s.skipped(1));
    }

    @ExtendWith({SamplesOnly.class, NoUnhandledErrorsExtension.class})
    static class LeakingSample {
        @Test
        void leaks() {
            Deferred.fail(new IOException("leaked on purpose"));
        }
    }

    @ExtendWith({SamplesOnly.class, NoUnhandledErrorsExtension.class})
    static class DebugLeakSample {
        @Test
        void leaks() {
            boolean before = Deferred.isDebugging();
            Deferred.setDebugging(true);
            try {
                dropHere();
            } finally {
                Deferred.setDebugging(before);
            }
        }

        private static void dropHere() {
            Deferred.fail(new IOException("leaked while debugging"));
        }
    }

    @ExtendWith({SamplesOnly.class, NoUnhandledErrorsExtension.class})
    static class TwoLeaksSample {
        @Test
        void leaksTwice() {
            Deferred.fail(new IOException("first leak"));
            Deferred<String> d = new Deferred<>();
            d.addCallback(s -> s.length());
            d.errback(new IllegalStateException("second leak"));
        }
    }

    @ExtendWith({SamplesOnly.class, NoUnhandledErrorsExtension.class})
    static class CleanSample {
        @Test
        void handledByAnErrback() {
            Deferred.fail(new IOException("handled")).addErrback(e -> null);
        }

        @Test
        void handledByFailureResultOf() {
            failureResultOf(Deferred.fail(new IOException("checked")), IOException.class);
        }

        @Test
        void consumedByGatherResults() {
            Deferred<String> a = new Deferred<>();
            Deferred<List<String>> all = Deferreds.gatherResults(List.of(a), true);
            a.errback(new IOException("consumed by the gather"));
            failureResultOf(all, dev.deferred.FirstErrorException.class);
        }
    }
}
