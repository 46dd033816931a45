package dev.deferred.examples;

import static dev.deferred.examples.DemoTest.assertInOrder;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process, UNIX-socket and UDP examples run and print what their headers promise, in order. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NetworkExamplesSmokeTest {

    /** {@link ExamplesSmokeTest#output}, and no example's guard fired. */
    private static String output(ExamplesSmokeTest.Example example) throws Exception {
        String text = ExamplesSmokeTest.output(example);
        assertFalse(text.contains("guard:"), text);
        return text;
    }

    @Test
    void processesTalkExitAndAreSignalled() throws Exception {
        String text = output(ProcessExample::run);
        assertInOrder(text, "1. child says: hello, Ada", "1. ended with exit code 3",
                "2. sleeper started; sending TERM", "2. sleeper ended by signal 15",
                "3. output [one, two], exit code 0", "reactor stopped");
        assertInOrder(text, "1. child complains: no coffee", "1. ended with exit code 3");
    }

    @Test
    void unixSocketEcho() throws Exception {
        assertInOrder(output(UnixEchoExample::run),
                "listening on a socket file, lock file present: true",
                "connected; the server's address is UNIXAddress[name=",
                "stopped; socket file left behind: false",
                "echoed: hello", "echoed: over", "echoed: a file", "reactor stopped");
    }

    @Test
    void udpEcho() throws Exception {
        String text = output(UdpExample::run);
        assertInOrder(text, "echo port open on 127.0.0.1", "reactor stopped");
        for (String m : new String[] {"one", "two", "three"}) {
            assertInOrder(text, ": " + m, "reactor stopped");
        }
    }
}
