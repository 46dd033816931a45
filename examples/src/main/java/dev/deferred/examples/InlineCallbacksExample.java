package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.task.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Example: inline callbacks, Twisted's {@code @inlineCallbacks}: asynchronous code written top to
 * bottom with {@code co.await(deferred)}, {@code try/catch} and loops. Time is a fake
 * {@link Clock}, advanced by the program.
 *
 * <p>Shows: a body that awaits several delayed results in a loop; a failure thrown at the await
 * and caught with its own type; cancelling the body's Deferred cancelling what it waits on.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.InlineCallbacksExample}
 */
public final class InlineCallbacksExample {
    private InlineCallbacksExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /** A pretend remote call: answers after {@code seconds} on {@code clock}; "bad" keys fail. */
    static Deferred<String> fetch(Clock clock, String key, int seconds) {
        return Tasks.deferLater(clock, Duration.ofSeconds(seconds), () -> {
            if (key.startsWith("bad")) {
                throw new IOException("no such key: " + key);
            }
            return key.toUpperCase();
        });
    }

    static void run(PrintStream out) {
        Clock clock = new Clock();

        Deferred<String> report = InlineCallbacks.run(co -> {
            StringBuilder all = new StringBuilder();
            for (String key : new String[] {"alpha", "bad-beta", "gamma"}) {
                try {
                    String value = co.await(fetch(clock, key, 1));       // suspends until it fires
                    out.println("t=" + clock.seconds() + " s: " + key + " -> " + value);
                    all.append(value).append(' ');
                } catch (IOException e) {                                // the failure, with its own type
                    out.println("t=" + clock.seconds() + " s: " + key + " failed (" + e.getMessage() + "), skipping");
                }
            }
            return all.toString().trim();
        });
        out.println("body started; its Deferred: " + report);
        for (int i = 0; i < 10 && !report.isCalled(); i++) {             // drive time, bounded
            clock.advance(Duration.ofSeconds(1));
        }
        report.addCallback(r -> { out.println("report: " + r); return r; });

        // Cancelling the body's Deferred cancels what it waits on; the body sees the CancellationException.
        Deferred<String> stuck = InlineCallbacks.run(co -> {
            try {
                return co.await(fetch(clock, "slow", 60));
            } catch (CancellationException e) {
                out.println("body: my wait was cancelled; giving up politely");
                return "gave up";
            }
        });
        stuck.cancel();
        stuck.addCallback(r -> { out.println("cancelled body ended with: " + r); return r; });
    }
}
