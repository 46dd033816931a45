package dev.deferred.examples;

import dev.deferred.net.process.ProcessProtocol;
import dev.deferred.net.process.ProcessReactor;
import dev.deferred.net.process.ProcessSpawnException;
import dev.deferred.net.process.ProcessTerminatedException;
import dev.deferred.net.process.Processes;
import dev.deferred.reactor.SelectReactor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Example: child processes on a {@link SelectReactor}, Twisted's {@code spawnProcess}.
 *
 * <p>Shows: a {@link ProcessProtocol} that talks to a shell script over its standard input and
 * output and hears how it exited ({@link ProcessTerminatedException} with the exit code); a child
 * stopped with {@code signalProcess("TERM")} (the reason carries the signal); and
 * {@link Processes#getProcessOutputAndValue} for the common "run it, give me its output" case. A
 * guard timer stops the reactor after 5 s whatever happens.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.ProcessExample}
 */
public final class ProcessExample {
    private ProcessExample() {
    }

    /** Sends a name, prints what the child answers and how it ended. */
    static final class Greeter extends ProcessProtocol {
        private final PrintStream out;
        private final Runnable next;

        Greeter(PrintStream out, Runnable next) {
            this.out = out;
            this.next = next;
        }

        @Override
        public void connectionMade() {
            transport.write("Ada\n".getBytes(StandardCharsets.UTF_8));
            transport.closeStdin();
        }

        @Override
        public void outReceived(byte[] data) {
            out.print("1. child says: " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void errReceived(byte[] data) {
            out.print("1. child complains: " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void processEnded(Throwable reason) {
            if (reason instanceof ProcessTerminatedException t) {
                out.println("1. ended with exit code " + t.exitCode());
            }
            next.run();
        }
    }

    /** A long sleeper, told to stop as soon as it has started. */
    static final class Sleeper extends ProcessProtocol {
        private final PrintStream out;
        private final Runnable next;

        Sleeper(PrintStream out, Runnable next) {
            this.out = out;
            this.next = next;
        }

        @Override
        public void outReceived(byte[] data) {
            out.println("2. sleeper started; sending TERM");
            transport.signalProcess("TERM");
        }

        @Override
        public void processEnded(Throwable reason) {
            out.println("2. sleeper ended by signal " + ((ProcessTerminatedException) reason).signal());
            next.run();
        }
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        SelectReactor reactor = new SelectReactor();
        ProcessReactor processes = new ProcessReactor(reactor);
        reactor.callLater(Duration.ofSeconds(5), () -> {
            out.println("guard: 5 s passed, stopping");
            reactor.stop();
        });
        Runnable third = () -> Processes.getProcessOutputAndValue(processes,
                        List.of("/bin/sh", "-c", "printf 'one\\ntwo\\n'; exit 0"), null, null)
                .addCallback(r -> {
                    out.println("3. output " + r.outText().lines().toList() + ", exit code " + r.exitCode());
                    return null;
                })
                .addErrback(e -> {
                    out.println("3. failed: " + e);
                    return null;
                })
                .addBoth(ignored -> {
                    reactor.stop();
                    return null;
                });
        Runnable second = () -> spawn(processes, new Sleeper(out, third), "echo started; exec sleep 30", out, reactor);
        reactor.callWhenRunning(() -> spawn(processes, new Greeter(out, second),
                "read name; echo \"hello, $name\"; echo 'no coffee' >&2; exit 3", out, reactor));
        reactor.run();
        out.println("reactor stopped");
    }

    private static void spawn(ProcessReactor processes, ProcessProtocol p, String script, PrintStream out,
            SelectReactor reactor) {
        try {
            processes.spawnProcess(p, List.of("/bin/sh", "-c", script), null, null);
        } catch (ProcessSpawnException e) {
            out.println("cannot start /bin/sh: " + e.getMessage());
            reactor.stop();
        }
    }
}
