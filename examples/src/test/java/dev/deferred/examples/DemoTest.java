package dev.deferred.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo is the first thing a newcomer runs: it must run and tell the story it promises. */
class DemoTest {

    @Test
    void demoPrintsEachSceneInOrder() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertInOrder(text,
                "length is 15",
                "recovered from connection reset",
                "back on the callback lane with \"cached page\"",
                "waiting on Deferred@",
                "outer chain resumed with score 1337",
                "canceller: aborting the download",
                "errback saw CancellationException",
                "done.");
        assertTrue(!text.contains("never printed"), text);
    }

    private static void assertInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "expected \"" + part + "\" after offset " + from + " in:\n" + text);
            from = at + part.length();
        }
    }
}
