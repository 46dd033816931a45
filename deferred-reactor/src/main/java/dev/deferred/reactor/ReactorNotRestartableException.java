package dev.deferred.reactor;

/**
 * Thrown by {@link Reactor#run()} when the reactor is running or has already run: a reactor runs
 * once. Create a new reactor instead.
 */
public class ReactorNotRestartableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted
     */
    public ReactorNotRestartableException(String message) {
        super(message);
    }
}
