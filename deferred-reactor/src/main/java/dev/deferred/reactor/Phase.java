package dev.deferred.reactor;

/**
 * When a system event trigger runs, relative to the event itself (Twisted's "before", "during",
 * "after"). See {@link Reactor#addSystemEventTrigger}.
 */
public enum Phase {
    /** Runs first; may return a {@link dev.deferred.Deferred} that the event then waits for. */
    BEFORE,
    /** Runs once every "before" trigger's Deferred has fired; the event itself. */
    DURING,
    /** Runs last, after every "during" trigger. */
    AFTER
}
