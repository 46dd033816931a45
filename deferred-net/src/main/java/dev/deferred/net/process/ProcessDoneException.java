package dev.deferred.net.process;

import dev.deferred.net.protocol.ConnectionDoneException;

/**
 * The child process exited with status 0 (Twisted's {@code ProcessDone}): the reason
 * {@link ProcessProtocol#processExited} and {@link ProcessProtocol#processEnded} get for a clean
 * exit. As in Twisted it is a {@link ConnectionDoneException}.
 */
public class ProcessDoneException extends ConnectionDoneException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param pid the process id of the child
     */
    public ProcessDoneException(long pid) {
        super("process " + pid + " finished with exit code 0");
    }

    /**
     * The exit code, always 0 (Twisted's {@code exitCode}).
     *
     * @return 0
     */
    public int exitCode() {
        return 0;
    }
}
