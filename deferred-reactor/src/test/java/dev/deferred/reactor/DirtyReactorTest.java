package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.Leftovers.Leftover;
import dev.deferred.testing.CleanReactorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The reactors' leftovers, and deferred-testing's CleanReactorExtension failing a test that leaves
 * a delayed call on a real Clock (Twisted trial's dirty-reactor error).
 */
class DirtyReactorTest {
    private static final String KEY = "dev.deferred.reactor.samples";
    private boolean debugging;

    @BeforeEach
    void on() {
        debugging = Deferred.isDebugging();
        Deferred.setDebugging(true);
    }

    @AfterEach
    void restore() {
        Deferred.setDebugging(debugging);
    }

    /** Keeps the sample classes from running except through the kit. */
    static final class SamplesOnly implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by DirtyReactorTest")
                    : ConditionEvaluationResult.disabled("a sample for DirtyReactorTest");
        }
    }

    @ExtendWith(SamplesOnly.class)
    static class LeavesADelayedCall {
        @RegisterExtension
        final CleanReactorExtension reactors = new CleanReactorExtension();

        @Test
        void schedulesAndForgets() {
            Clock clock = reactors.register(new Clock());
            scheduleRetry(clock);
            clock.advance(Duration.ofSeconds(1));
        }

        private static void scheduleRetry(Clock clock) {
            clock.callLater(Duration.ofSeconds(5), () -> { });
        }
    }

    @ExtendWith(SamplesOnly.class)
    static class CancelsItsDelayedCall {
        @RegisterExtension
        final CleanReactorExtension reactors = new CleanReactorExtension();

        @Test
        void schedulesAndCancels() {
            Clock clock = reactors.register(new Clock());
            DelayedCall call = clock.callLater(Duration.ofSeconds(5), () -> { });
            call.cancel();
        }
    }

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(KEY, "true")
                .selectors(selectClass(sample)).execute().testEvents();
    }

    @Test
    void aTestLeavingADelayedCallFailsSayingWhereItWasScheduled() {
        Events events = run(LeavesADelayedCall.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertInstanceOf(AssertionError.class, t);
        String msg = t.getMessage();
        assertTrue(msg.startsWith("The test left its reactor dirty: 1 leftover\n - Clock[1.0s, 1 pending]: DelayedCall[at 5.0s, pending, "), msg);
        assertTrue(msg.contains(", created at:\n\t... 2 deferred frames\n\tat dev.deferred.reactor.DirtyReactorTest$LeavesADelayedCall.scheduleRetry("), msg);
    }

    @Test
    void aTestThatCancelsItsDelayedCallPasses() {
        run(CancelsItsDelayedCall.class).assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void aRunningSelectReactorReportsItsTimersAndWatchedChannelsAndDumpsThemWithThePendingDeferreds() throws Exception {
        try (ReactorThread rt = new ReactorThread();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.configureBlocking(false);
            rt.reactor.addReader(server, k -> { });
            rt.reactor.callLater(Duration.ofHours(1), () -> { });
            Deferred<String> stuck = new Deferred<>();

            List<Leftover> left = rt.reactor.leftovers();
            assertEquals(2, left.size(), left.toString());
            assertTrue(left.get(0).description().startsWith("DelayedCall["), left.toString());
            assertEquals("listening port " + server.getLocalAddress(), left.get(1).description());
            assertTrue(left.get(1).toString().contains("at dev.deferred.reactor.DirtyReactorTest.aRunningSelectReactor"), left.toString());

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            rt.reactor.dumpPending(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String dump = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(dump.contains("Deferred@" + Integer.toHexString(System.identityHashCode(stuck)) + " {pending}"), dump);
            assertTrue(dump.contains("SelectReactor[running]: 2 pending timers and channels:\nDelayedCall["), dump);
            rt.reactor.removeAll(server);
        }
    }
}
