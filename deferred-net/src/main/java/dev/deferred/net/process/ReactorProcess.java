package dev.deferred.net.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A reactor that can run child processes: Twisted's {@code IReactorProcess}. Implemented by
 * {@link ProcessReactor} and by {@code dev.deferred.net.testing.MemoryReactor} (records the
 * calls).
 */
public interface ReactorProcess {

    /**
     * Starts {@code command} as a child process and attaches {@code protocol}: its
     * {@link ProcessProtocol#makeConnection} runs before this returns. Unlike Twisted there is no
     * separate executable argument: {@code command.get(0)} is the program (looked up on the
     * {@code PATH} when it has no slash) and also {@code argv[0]}.
     *
     * <pre>{@code
     * processes.spawnProcess(protocol, List.of("/bin/sh", "-c", "echo hi; exit 3"), null, null);
     * }</pre>
     *
     * @param protocol the protocol for this process (one per process)
     * @param command the program and its arguments, not empty
     * @param env the child's whole environment, or null to inherit this process's environment
     *     (Twisted's {@code env=None}); an empty map gives an empty environment
     * @param path the child's working directory, or null for the current one
     * @return the running process
     * @throws ProcessSpawnException if the program cannot be started (it does not exist or is not
     *     executable) or {@code path} is not a directory; nothing is left running
     * @throws IllegalArgumentException if {@code command} is empty
     */
    ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> command, Map<String, String> env, Path path)
            throws ProcessSpawnException;
}
