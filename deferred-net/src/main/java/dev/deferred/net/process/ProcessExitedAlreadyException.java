package dev.deferred.net.process;

/**
 * {@link ProcessTransport#signalProcess} was called on a process that has already exited
 * (Twisted's {@code ProcessExitedAlready}).
 */
public class ProcessExitedAlreadyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was asked of which process
     */
    public ProcessExitedAlreadyException(String message) {
        super(message);
    }
}
