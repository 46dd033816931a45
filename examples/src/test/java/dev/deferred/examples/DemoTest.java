package dev.deferred.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo is the first thing a newcomer runs: it must finish, exit 0, and tell the story it
 * promises. It runs in-process, on a real reactor and real loopback sockets; the demo's own hard
 * deadline bounds it, and the timeout here bounds the test even if that deadline were broken.
 */
class DemoTest {

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void demoTellsTheWholeStoryAndExitsZero() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), false).run();
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, text);
        assertInOrder(text,
                "main: starting a SelectReactor",
                "reactor: running on thread \"reactor\"",
                "server: listening on 127.0.0.1:",
                "stats: 0 connections open");
        for (String name : new String[] {"alice", "bob", "carol"}) {
            assertInOrder(text, name + ": connected", name + ": INCR hits -> VALUE", name + ": INCR hits -> VALUE",
                    name + ": INCR hits -> VALUE", "gatherResults: all four clients are done",
                    name + " finished; the server remembered \"VALUE hello from " + name + "\"");
        }
        assertInOrder(text,
                "dave: connected; asking for a report that takes 2000 ms",
                "dave: TimeoutException after",
                "gatherResults: all four clients are done",
                "dave gave up after",
                "CompletableFuture -> Deferred: checksum",
                "delivered on thread \"reactor\"",
                "the store now holds hits = 9",
                "server: stopped listening",
                "main: the story ended: hits = 9",
                "main: reactor stopped cleanly; bye");
        assertTrue(text.contains("INCR hits -> VALUE 9"), "the last increment sees all nine:\n" + text);
        assertFalse(text.contains("unexpected"), text);
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void aDemoThatMissesItsDeadlineStopsTheReactorAndFails() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Duration.ofMillis(1)).run();
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(1, status, text);
        assertInOrder(text, "main: hard deadline of 1 ms passed; stopping the reactor", "main: reactor stopped cleanly");
        assertFalse(text.contains("main: the story ended"), text);
    }

    static void assertInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "expected \"" + part + "\" after offset " + from + " in:\n" + text);
            from = at + part.length();
        }
    }
}
