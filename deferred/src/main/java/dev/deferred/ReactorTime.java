package dev.deferred;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The part of a reactor that knows about time: what time it is, and how to run something later.
 * This is Twisted's {@code IReactorTime}; {@link Deferred#addTimeout} needs nothing more.
 *
 * <p>The {@code deferred-reactor} module provides a real one (its event loop) and a deterministic
 * one for tests (its {@code Clock}); {@link #of(ScheduledExecutorService)} adapts any scheduled
 * executor, for plain Java without a reactor.
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

    /**
     * A {@code ReactorTime} that schedules on {@code executor}: calls run on the executor's
     * threads, and so do the callbacks of a Deferred whose timeout they fire. Time is
     * {@link System#nanoTime()}. The executor stays the caller's to shut down.
     *
     * <pre>{@code
     * ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
     * ReactorTime time = ReactorTime.of(timer);
     * reply.addTimeout(Duration.ofSeconds(5), time);
     * }</pre>
     *
     * <p>An exception thrown by a scheduled call goes to the running thread's uncaught-exception
     * handler (an executor would otherwise keep it in a future nobody reads).
     *
     * @param executor where the calls run
     * @return a ReactorTime scheduling on {@code executor}
     * @throws NullPointerException if {@code executor} is null
     */
    static ReactorTime of(ScheduledExecutorService executor) {
        if (executor == null) {
            throw new NullPointerException("ReactorTime.of(executor): executor is null; pass the ScheduledExecutorService to schedule on");
        }
        return new ExecutorTime(executor);
    }
}
