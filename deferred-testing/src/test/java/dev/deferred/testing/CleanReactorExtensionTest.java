package dev.deferred.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.deferred.Leftovers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The dirty-reactor check against a stand-in reactor (this module depends on no reactor; the
 * reactor module's CleanReactorExtensionWithClockTest runs it against a real Clock).
 */
class CleanReactorExtensionTest {

    /** A reactor stand-in whose leftovers the sample tests set. */
    static final class FakeReactor implements Leftovers {
        final List<Leftover> open = new ArrayList<>();

        @Override
        public List<Leftover> getLeftovers() {
            return List.copyOf(open);
        }

        @Override
        public String toString() {
            return "FakeReactor";
        }
    }

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(SamplesOnly.KEY, "true")
                .selectors(selectClass(sample))
                .execute()
                .testEvents();
    }

    @Test
    void aTestThatLeavesSomethingOpenFailsListingEachLeftover() {
        Events events = run(DirtySample.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertInstanceOf(AssertionError.class, t);
        String msg = t.getMessage();
        assertTrue(msg.startsWith("The test left its reactor dirty: 2 leftovers\n - FakeReactor: timer A (call Deferred.setDebugging(true)"), msg);
        assertTrue(msg.contains("\n - FakeReactor: port B, created at:\n\tat dev.deferred.testing.CleanReactorExtensionTest$DirtySample.openPort("), msg);
    }

    @Test
    void aTestThatCleansUpInAfterEachPasses() {
        run(CleanedSample.class).assertStatistics(s -> s.started(1).succeeded(1).failed(0));
    }

    @Test
    void registeringNullIsRefused() {
        assertThrows(NullPointerException.class, () -> new CleanReactorExtension().register(null));
    }

    @ExtendWith(SamplesOnly.class)
    static class DirtySample {
        @RegisterExtension
        final CleanReactorExtension reactors = new CleanReactorExtension();

        @Test
        void leavesTwoThings() {
            FakeReactor r = reactors.register(new FakeReactor());
            r.open.add(new Leftovers.Leftover("timer A", null));
            r.open.add(new Leftovers.Leftover("port B", openPort()));
        }

        private static Throwable openPort() {
            // What a reactor does in debug mode: capture the stack where the thing was created.
            return new Throwable("created");
        }
    }

    @ExtendWith(SamplesOnly.class)
    static class CleanedSample {
        @RegisterExtension
        final CleanReactorExtension reactors = new CleanReactorExtension();
        FakeReactor r;

        @Test
        void leavesSomethingButTearDownCloses() {
            r = reactors.register(new FakeReactor());
            r.open.add(new Leftovers.Leftover("timer A", null));
        }

        @AfterEach
        void tearDown() {
            r.open.clear();
        }
    }
}
