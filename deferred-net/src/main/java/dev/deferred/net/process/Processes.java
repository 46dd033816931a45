package dev.deferred.net.process;

import dev.deferred.Deferred;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Conveniences over {@link ReactorProcess#spawnProcess} (Twisted's {@code twisted.internet.utils}).
 */
public final class Processes {
    private Processes() {
    }

    /**
     * Runs {@code command} with its standard input closed and collects what it writes (Twisted's
     * {@code getProcessOutputAndValue}).
     *
     * <pre>{@code
     * Processes.getProcessOutputAndValue(processes, List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), null, null)
     *         .addCallback(r -> r.exitCode()); // 3; r.outText() is "out\n", r.errText() is "err\n"
     * }</pre>
     *
     * @param reactor runs the child
     * @param command the program and its arguments
     * @param env the whole environment, or null to inherit ours
     * @param path the working directory, or null for the current one
     * @return fires with the output and exit code once the child has ended (whatever the code);
     *     fails with a {@link ProcessOutputSignalException} if a signal killed it, or with the
     *     {@link ProcessSpawnException} if it could not start
     */
    public static Deferred<ProcessOutput> getProcessOutputAndValue(ReactorProcess reactor, List<String> command,
            Map<String, String> env, Path path) {
        Deferred<ProcessOutput> result = new Deferred<>();
        Collector c = new Collector(result);
        try {
            reactor.spawnProcess(c, command, env, path);
        } catch (ProcessSpawnException | RuntimeException e) {
            return Deferred.fail(e);
        }
        return result;
    }

    /** Gathers both streams and fires the result at the end. */
    private static final class Collector extends ProcessProtocol {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Deferred<ProcessOutput> result;

        Collector(Deferred<ProcessOutput> result) {
            this.result = result;
        }

        @Override
        public void connectionMade() {
            transport.closeStdin();
        }

        @Override
        public void outReceived(byte[] data) {
            out.writeBytes(data);
        }

        @Override
        public void errReceived(byte[] data) {
            err.writeBytes(data);
        }

        @Override
        public void processEnded(Throwable reason) {
            if (reason instanceof ProcessTerminatedException t && t.signal() != null) {
                ProcessOutput o = new ProcessOutput(out.toByteArray(), err.toByteArray(), 128 + t.signal());
                result.errback(new ProcessOutputSignalException(o, t.signal(), t));
                return;
            }
            int code = reason instanceof ProcessTerminatedException t ? t.exitCode() : 0;
            result.callback(new ProcessOutput(out.toByteArray(), err.toByteArray(), code));
        }
    }
}
