package dev.deferred.reactor;

/**
 * Thrown by {@link Reactor#stop()} when the reactor is not running (not started yet, or already
 * stopping or stopped). To stop a reactor as soon as it starts, use
 * {@code reactor.callWhenRunning(reactor::stop)}.
 */
public class ReactorNotRunningException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted
     */
    public ReactorNotRunningException(String message) {
        super(message);
    }
}
