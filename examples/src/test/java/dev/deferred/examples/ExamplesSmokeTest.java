package dev.deferred.examples;

import static dev.deferred.examples.DemoTest.assertInOrder;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every example runs and prints what its header promises, in order. The examples are part of the
 * documentation: if one breaks or its story changes, this says so. Each is bounded: only
 * {@link EchoExample} and the futures example use real threads, and they carry their own guards.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ExamplesSmokeTest {

    interface Example {
        void run(PrintStream out) throws Exception;
    }

    /** Runs {@code example}, returns what it printed, and fails on a line it must never print. */
    static String output(Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        example.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("never printed"), text);
        return text;
    }

    @Test
    void echoServerAndClientTalkOverEndpointStrings() throws Exception {
        String text = output(EchoExample::run);
        assertInOrder(text, "echo server listening on 127.0.0.1:", "echoed: hello", "echoed: deferred",
                "echoed: bye", "reactor stopped");
        assertFalse(text.contains("guard:"), text);
    }

    @Test
    void tlsEchoServerAndClientTalkOverSslEndpointStrings() throws Exception {
        // The TEST-ONLY certificate of src/test/resources/tls (see its README).
        java.nio.file.Path key = java.nio.file.Path.of(getClass().getResource("/tls/localhost-TEST-ONLY.key.pem").toURI());
        java.nio.file.Path cert = java.nio.file.Path.of(getClass().getResource("/tls/localhost-TEST-ONLY.cert.pem").toURI());
        String text = output(out -> TlsEchoExample.run(out, key, cert));
        assertInOrder(text, "TLS echo server listening on 127.0.0.1:", "handshake done: TLSv1.", "echoed: hello",
                "echoed: over", "echoed: tls", "reactor stopped");
        assertFalse(text.contains("guard:"), text);
        assertFalse(text.contains("failed:"), text);
    }

    @Test
    void chainsRecoverFromErrors() throws Exception {
        assertInOrder(output(ChainsExample::run),
                "1. Hello, Ada!",
                "2. recovering from FileNotFoundException: missing.conf (no such file)",
                "2. using defaults",
                "3. cleanup runs either way; success=false",
                "3. still failed after cleanup: For input string: \"forty-two\"",
                "4. looking up user-7",
                "4. outer before the inner fires: ",
                "4. outer resumed: name length 12");
    }

    @Test
    void cancellationAndTimeouts() throws Exception {
        assertInOrder(output(CancellationExample::run),
                "1. canceller: closing the socket",
                "1. errback: CancellationException",
                "2. inner canceller: query aborted",
                "2. outer failed with CancellationException",
                "3. t=1 s, still waiting",
                "3. canceller called by the timeout at t=2.0 s",
                "3. TimeoutException",
                "4. got pong in time",
                "4. timers still pending on the clock: 0");
    }

    @Test
    void inlineCallbacksReadTopToBottom() throws Exception {
        assertInOrder(output(InlineCallbacksExample::run),
                "body started; its Deferred: ",
                "t=1.0 s: alpha -> ALPHA",
                "t=2.0 s: bad-beta failed (no such key: bad-beta), skipping",
                "t=3.0 s: gamma -> GAMMA",
                "report: ALPHA GAMMA",
                "body: my wait was cancelled; giving up politely",
                "cancelled body ended with: gave up");
    }

    @Test
    void queueHandsJobsFromProducerToConsumer() throws Exception {
        assertInOrder(output(QueueExample::run),
                "consumer waiting; gets waiting on the queue: 1",
                "t=1.0 s: consumer handles resize photo",
                "t=2.0 s: consumer handles send mail",
                "t=3.0 s: consumer handles bill customer",
                "consumer finished 3 jobs: [resize photo, send mail, bill customer]",
                "bounded queue refused the third item: QueueOverflowException");
    }

    @Test
    void cooperatorInterleavesJobs() throws Exception {
        String text = output(CooperatorExample::run);
        assertInOrder(text, "tick 1: A1 B1 A2 B2", "tick 2: A3 B3 A4 B4", "tick 3: A5 A6", "both jobs finished");
    }

    @Test
    void futuresBridgeBothWays() throws Exception {
        assertInOrder(output(FuturesExample::run),
                "future done before the Deferred fires? false",
                "after callback(42): answer=42",
                "42 arrived on my-event-loop",
                "canceller: download aborted",
                "future cancelled: true");
    }
}
