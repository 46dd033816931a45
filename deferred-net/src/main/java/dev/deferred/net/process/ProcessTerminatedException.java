package dev.deferred.net.process;

import dev.deferred.net.protocol.ConnectionLostException;

/**
 * The child process exited with a non-zero code or was killed by a signal (Twisted's
 * {@code ProcessTerminated}). Exactly one of {@link #exitCode()} and {@link #signal()} is set.
 *
 * <pre>{@code
 * if (reason instanceof ProcessTerminatedException t && t.signal() != null) {
 *     System.out.println("killed by signal " + t.signal());
 * }
 * }</pre>
 *
 * <p>The JDK reports a child killed by signal {@code N} as exit status {@code 128 + N}, so a
 * child that itself exits with a code from 129 to 192 is reported as killed by a signal too (the
 * shell's {@code $?} makes the same guess).
 */
public class ProcessTerminatedException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    /** The exit code, or null if a signal ended the process. */
    private final Integer exitCode;
    /** The signal that ended the process, or null if it exited. */
    private final Integer signal;
    /** The child's process id. */
    private final long pid;

    /**
     * Creates the exception; give an exit code or a signal, not both.
     *
     * @param pid the process id of the child
     * @param exitCode the exit code, or null if a signal ended it
     * @param signal the signal number, or null if it exited
     * @throws IllegalArgumentException unless exactly one of {@code exitCode} and {@code signal}
     *     is given
     */
    public ProcessTerminatedException(long pid, Integer exitCode, Integer signal) {
        super(message(pid, exitCode, signal));
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
    }

    private static String message(long pid, Integer exitCode, Integer signal) {
        if ((exitCode == null) == (signal == null)) {
            throw new IllegalArgumentException("give an exit code or a signal, not both or neither (got exitCode="
                    + exitCode + ", signal=" + signal + ")");
        }
        return exitCode != null
                ? "process " + pid + " ended with exit code " + exitCode
                : "process " + pid + " was killed by signal " + signal;
    }

    /**
     * The exit code, or null if the process was killed by a signal.
     *
     * @return the code or null
     */
    public Integer exitCode() {
        return exitCode;
    }

    /**
     * The number of the signal that killed the process (15 for {@code TERM}, 9 for {@code KILL}),
     * or null if it exited.
     *
     * @return the signal or null
     */
    public Integer signal() {
        return signal;
    }

    /**
     * The process id of the child.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }
}
