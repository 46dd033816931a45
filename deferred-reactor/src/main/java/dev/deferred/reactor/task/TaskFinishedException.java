package dev.deferred.reactor.task;

/**
 * A {@link CooperativeTask} has finished, so it cannot be paused, resumed or stopped (Twisted's {@code TaskFinished}); the subclass says how it finished.
 */
public class TaskFinishedException extends SchedulerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public TaskFinishedException(String message) {
        super(message);
    }
}
