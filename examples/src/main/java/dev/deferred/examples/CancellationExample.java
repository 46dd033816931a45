package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.reactor.Clock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * Example: cancellation and timeouts, on a fake {@link Clock} so that time moves only when the
 * program says so (the same technique as in tests).
 *
 * <p>Shows: a canceller that aborts the operation; {@code cancel()} failing a Deferred with
 * {@link CancellationException}; cancelling an outer Deferred cancelling the inner one it waits on;
 * {@code addTimeout} failing with {@link TimeoutException}; a result in time stopping the timer.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.CancellationExample}
 */
public final class CancellationExample {
    private CancellationExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // 1. The canceller is how the operation learns it is no longer wanted.
        Deferred<String> download = new Deferred<>(d -> out.println("1. canceller: closing the socket"));
        download.addErrback(CancellationException.class, e -> {
            out.println("1. errback: " + e.getClass().getSimpleName());
            return "no download";
        });
        download.cancel();

        // 2. Cancelling an outer Deferred cancels the inner Deferred it is waiting on.
        Deferred<String> query = new Deferred<>(d -> out.println("2. inner canceller: query aborted"));
        Deferred<Integer> rows = Deferred.succeed("SELECT 1").addCallbackDeferred(sql -> query)
                .addCallback(String::length);
        rows.addErrback(CancellationException.class, e -> {
            out.println("2. outer failed with " + e.getClass().getSimpleName());
            return 0;
        });
        rows.cancel();

        // 3. A timeout: at the deadline the Deferred is cancelled, and the failure becomes a TimeoutException.
        Clock clock = new Clock();
        Deferred<String> slow = new Deferred<>(d -> out.println("3. canceller called by the timeout at t=" + clock.seconds() + " s"));
        slow.addTimeout(Duration.ofSeconds(2), clock)
            .addErrback(TimeoutException.class, e -> {
                out.println("3. " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return "fallback";
            });
        clock.advance(Duration.ofSeconds(1));
        out.println("3. t=1 s, still waiting: " + slow);
        clock.advance(Duration.ofSeconds(1));

        // 4. A result in time: the timer is cancelled and nothing happens at the deadline.
        Deferred<String> quick = new Deferred<>();
        quick.addTimeout(Duration.ofSeconds(2), clock)
             .addCallback(v -> { out.println("4. got " + v + " in time"); return v; });
        clock.advance(Duration.ofMillis(500));
        quick.callback("pong");
        out.println("4. timers still pending on the clock: " + clock.getDelayedCalls().size());
    }
}
