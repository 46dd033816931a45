package dev.deferred.reactor.task;

/**
 * The {@link CooperativeTask}'s iterator threw, or a Deferred it yielded failed (Twisted's {@code TaskFailed}).
 */
public class TaskFailedException extends TaskFinishedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public TaskFailedException(String message) {
        super(message);
    }
}
