package dev.deferred.net.process;

/**
 * The child run by {@link Processes#getProcessOutputAndValue} was killed by a signal (Twisted
 * errbacks with {@code (out, err, signal)} then). It carries what the child wrote before.
 */
public class ProcessOutputSignalException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the child wrote (not serialized). */
    private final transient ProcessOutput output;
    /** The signal that killed the child. */
    private final int signal;

    /**
     * Creates the exception.
     *
     * @param output what the child wrote; its exit code is {@code 128 + signal}
     * @param signal the signal number
     * @param cause the {@link ProcessTerminatedException} the process ended with
     */
    public ProcessOutputSignalException(ProcessOutput output, int signal, Throwable cause) {
        super("the process was killed by signal " + signal + " after writing " + output.out().length
                + " bytes to stdout and " + output.err().length + " bytes to stderr", cause);
        this.output = output;
        this.signal = signal;
    }

    /**
     * What the child wrote before it was killed.
     *
     * @return the output
     */
    public ProcessOutput output() {
        return output;
    }

    /**
     * The signal that killed it.
     *
     * @return the signal number
     */
    public int signal() {
        return signal;
    }
}
