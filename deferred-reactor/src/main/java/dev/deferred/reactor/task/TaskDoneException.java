package dev.deferred.reactor.task;

/**
 * The {@link CooperativeTask}'s iterator is exhausted (Twisted's {@code TaskDone}).
 */
public class TaskDoneException extends TaskFinishedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public TaskDoneException(String message) {
        super(message);
    }
}
