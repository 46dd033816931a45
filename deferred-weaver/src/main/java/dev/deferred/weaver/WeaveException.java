package dev.deferred.weaver;

/**
 * A body the weaver refuses to transform, with the reason and what to change: for example an
 * {@code await} inside a {@code synchronized} block, or an await whose result is passed straight to a
 * constructor. The message names the class, the method and the source line.
 */
public final class WeaveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, where, and what to do about it
     */
    public WeaveException(String message) {
        super(message);
    }
}
