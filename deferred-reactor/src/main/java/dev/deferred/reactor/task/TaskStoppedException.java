package dev.deferred.reactor.task;

/**
 * The {@link CooperativeTask} was stopped with {@link CooperativeTask#stop()} (Twisted's {@code TaskStopped}); its {@link CooperativeTask#whenDone()} Deferreds fail with it.
 */
public class TaskStoppedException extends TaskFinishedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public TaskStoppedException(String message) {
        super(message);
    }
}
