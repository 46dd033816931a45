package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external client for network tests: a short Python 3 program run with {@code python3 -c}, its
 * output collected, its run bounded by {@link LoopbackReactor#WAIT_SECONDS} (killed after that).
 * Python's sockets are the peer the reported bugs were found with.
 */
final class PythonClient {
    private PythonClient() {
    }

    /** Starts {@code script} with {@code args} (sys.argv[1:]); stdout and stderr are merged. */
    static Process start(String script, Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Waits (bounded) for {@code p} to exit with status 0 and returns its output. */
    static String finish(Process p) throws Exception {
        boolean done = p.waitFor(LoopbackReactor.WAIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "python3 client did not finish within " + LoopbackReactor.WAIT_SECONDS + " s: " + out);
        assertEquals(0, p.exitValue(), "python3 client failed: " + out);
        return out;
    }

    /** Runs {@code script} to its end; returns its output. */
    static String run(String script, Object... args) throws Exception {
        return finish(start(script, args));
    }
}
