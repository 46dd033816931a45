package dev.deferred;

import java.time.Duration;

/**
 * A call scheduled with {@link ReactorTime#callLater}: Twisted's {@code IDelayedCall}.
 *
 * <p>A call is <em>active</em> until it has run or been cancelled. A call is marked as called just
 * before it runs, so cancelling it from inside its own function fails with
 * {@link DelayedCallAlreadyCalledException}.
 */
public interface DelayedCall {

    /**
     * When the call is due, in the seconds of the {@link ReactorTime} that scheduled it.
     *
     * @return the due time in seconds
     */
    double getTime();

    /**
     * Cancels the call so it never runs.
     *
     * @throws DelayedCallAlreadyCalledException if it has already run (or is running)
     * @throws DelayedCallAlreadyCancelledException if it was already cancelled
     */
    void cancel();

    /**
     * Moves the call so it is due {@code delay} from now.
     *
     * @param delay the new delay, counted from now; not negative
     * @throws DelayedCallAlreadyCalledException if it has already run
     * @throws DelayedCallAlreadyCancelledException if it was cancelled
     */
    void reset(Duration delay);

    /**
     * Moves the call later by {@code delay} (earlier, if negative).
     *
     * @param delay how much to add to the due time
     * @throws DelayedCallAlreadyCalledException if it has already run
     * @throws DelayedCallAlreadyCancelledException if it was cancelled
     */
    void delay(Duration delay);

    /**
     * Whether the call is still waiting to run.
     *
     * @return false once it has run or been cancelled
     */
    boolean active();
}
