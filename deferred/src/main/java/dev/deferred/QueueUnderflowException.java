package dev.deferred;

/**
 * {@link DeferredQueue#get} was refused: no item waits and as many getters as the queue's backlog
 * allows are already waiting (Twisted's {@code QueueUnderflow}). Nothing was queued.
 */
public final class QueueUnderflowException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was exhausted
     */
    public QueueUnderflowException(String message) {
        super(message);
    }
}
