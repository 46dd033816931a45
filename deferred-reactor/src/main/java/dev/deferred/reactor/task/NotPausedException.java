package dev.deferred.reactor.task;

/**
 * {@link CooperativeTask#resume()} was called on a task that is not paused (Twisted's {@code NotPaused}).
 */
public class NotPausedException extends SchedulerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public NotPausedException(String message) {
        super(message);
    }
}
