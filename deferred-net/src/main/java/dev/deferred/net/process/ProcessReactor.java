package dev.deferred.net.process;

import dev.deferred.reactor.Phase;
import dev.deferred.reactor.Reactor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Child processes on any {@link Reactor}: {@link #spawnProcess}, Twisted's
 * {@code reactor.spawnProcess}. The JDK's process pipes cannot be selected, so each child gets
 * three small daemon threads: two read its standard output and error and hand each
 * chunk to the reactor thread, one writes its standard input. A reader hands over one chunk at a
 * time and waits until the protocol has taken it, and it stops while the protocol's transport is
 * paused: memory stays bounded and a fast child is slowed down by its own full pipe.
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * ProcessReactor processes = new ProcessReactor(reactor);
 * reactor.callWhenRunning(() -> Processes.getProcessOutputAndValue(processes, List.of("uname", "-s"), null, null)
 *         .addCallback(out -> { System.out.println(new String(out.out()).trim()); reactor.stop(); return null; }));
 * reactor.run();
 * }</pre>
 *
 * <p>When the reactor shuts down, the children keep running (as in Twisted) and their protocols
 * hear nothing more: their standard input is closed after what was written, and the reading
 * threads drain their output until they end.
 */
public final class ProcessReactor implements ReactorProcess {

    final Reactor reactor;
    /** Children not yet ended. Reactor thread only (or before it runs). */
    private final Set<ChildProcess> running = new LinkedHashSet<>();

    /**
     * Child processes on {@code reactor}.
     *
     * @param reactor the reactor whose thread runs the protocols
     * @throws NullPointerException if {@code reactor} is null
     */
    public ProcessReactor(Reactor reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        reactor.addSystemEventTrigger(Phase.DURING, "shutdown", () -> {
            for (ChildProcess c : List.copyOf(running)) {
                c.detach();
            }
            running.clear();
            return null;
        });
    }

    /**
     * The reactor this runs on.
     *
     * @return the reactor
     */
    public Reactor reactor() {
        return reactor;
    }

    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> command, Map<String, String> env,
            Path path) throws ProcessSpawnException {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("spawnProcess: the command is empty; give the program and its arguments,"
                    + " e.g. List.of(\"/bin/echo\", \"hi\")");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null) {
                throw new NullPointerException("spawnProcess: argument " + i + " of the command is null");
            }
        }
        checkThread("spawnProcess");
        ProcessBuilder pb = new ProcessBuilder(command);
        if (env != null) {
            Map<String, String> e = pb.environment();
            e.clear();
            env.forEach((k, v) -> e.put(Objects.requireNonNull(k, "spawnProcess: a null environment name"),
                    Objects.requireNonNull(v, "spawnProcess: environment variable " + k + " is null")));
        }
        if (path != null) {
            if (!Files.isDirectory(path)) {
                throw new ProcessSpawnException("cannot start " + command.get(0) + ": working directory " + path
                        + " does not exist or is not a directory", null);
            }
            pb.directory(path.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ProcessSpawnException("cannot start " + command.get(0) + " (in "
                    + (path == null ? new File("").getAbsolutePath() : path) + "): " + e.getMessage(), e);
        }
        ChildProcess child = new ChildProcess(this, process, protocol, command.get(0));
        running.add(child);
        child.start();
        return child;
    }

    void ended(ChildProcess c) {
        running.remove(c);
    }

    /** Protocol code runs on the loop; before the loop runs there is no other thread to race. */
    void checkThread(String what) {
        if (reactor.isRunning() && !reactor.isOnReactorTurn()) {
            throw new IllegalStateException(what + " must be called on the reactor thread while the reactor runs;"
                    + " wrap the call in reactor.callFromThread(...)");
        }
    }
}
