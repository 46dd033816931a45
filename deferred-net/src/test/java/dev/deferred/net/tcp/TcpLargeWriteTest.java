package dev.deferred.net.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 13: one big write must not pin its size in native memory. Before the fix the JDK
 * copied the heap bytes into a temporary direct buffer as big as the write and kept it cached on
 * the reactor thread (with -XX:NativeMemoryTracking it shows as "Other"); now writes go through
 * the reactor's own bounded direct buffer. Measured in a child JVM, {@link LargeWriteProbe}, since
 * native memory tracking must be on from the JVM's start.
 */
class TcpLargeWriteTest {

    private static final int SIZE = 64 << 20;

    @Test
    void writing64MegabytesAtOnceLeavesNoBigNativeBufferBehind() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-XX:NativeMemoryTracking=summary", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LargeWriteProbe.class.getName(), String.valueOf(SIZE)))
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(2 * LoopbackReactor.WAIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done && p.exitValue() == 0, "the probe failed: " + out);
        assertTrue(out.contains("read " + SIZE), out);
        long grewKb = out.lines().filter(l -> l.startsWith("other-grew-kb ")).mapToLong(l -> Long.parseLong(l.substring(14)))
                .findFirst().orElseThrow(() -> new AssertionError("no measure: " + out));
        assertTrue(grewKb < 8 * 1024, "native memory grew by " + grewKb / 1024 + " MB after one " + (SIZE >> 20)
                + " MB write: " + out);
    }
}
