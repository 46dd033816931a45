package dev.deferred;

/**
 * {@link DeferredQueue#put} was refused: the queue already holds as many items as its size
 * allows and nobody is waiting for one (Twisted's {@code QueueOverflow}). The item was not added.
 */
public final class QueueOverflowException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was full
     */
    public QueueOverflowException(String message) {
        super(message);
    }
}
