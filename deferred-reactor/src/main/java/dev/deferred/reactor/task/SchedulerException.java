package dev.deferred.reactor.task;

/**
 * The base of the {@link Cooperator}'s errors (Twisted's {@code SchedulerError}).
 */
public class SchedulerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public SchedulerException(String message) {
        super(message);
    }
}
