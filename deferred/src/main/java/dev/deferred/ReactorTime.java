package dev.deferred;

import java.time.Duration;

/**
 * The part of a reactor that knows about time: what time it is, and how to run something later.
 * This is Twisted's {@code IReactorTime}; {@link Deferred#addTimeout} needs nothing more.
 *
 * <p>The core ships no implementation: the {@code deferred-reactor} module provides a real one
 * (its event loop) and a deterministic one for tests (its {@code Clock}).
 *
 * <pre>{@code
 * Deferred<String> reply = client.request("ping");
 * reply.addTimeout(Duration.ofSeconds(5), reactor);   // fails with TimeoutException after 5 s
 * }</pre>
 */
public interface ReactorTime {

    /**
     * The current time on this clock, in seconds. Only differences between two readings mean
     * anything; a fake clock starts at 0.
     *
     * @return the current time in seconds
     */
    double seconds();

    /**
     * Schedules {@code fn} to run once, {@code delay} from now, on the thread that drives this
     * clock (the reactor thread, or the thread that advances a fake clock). Calls due at the same
     * time run in the order they were scheduled.
     *
     * @param delay how long from now; zero means "on the next turn", negative is an error
     * @param fn what to run
     * @return a handle to cancel, reset or delay the call
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if an argument is null
     */
    DelayedCall callLater(Duration delay, Runnable fn);
}
