package dev.deferred.reactor.task;

/**
 * The {@link Cooperator} was stopped: its tasks end with this, and a task added to a stopped cooperator fails with it at once (Twisted's {@code SchedulerStopped}).
 */
public class SchedulerStoppedException extends SchedulerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public SchedulerStoppedException(String message) {
        super(message);
    }
}
