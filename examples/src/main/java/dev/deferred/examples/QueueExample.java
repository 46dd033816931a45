package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.DeferredQueue;
import dev.deferred.InlineCallbacks;
import dev.deferred.QueueOverflowException;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.task.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Example: a {@link DeferredQueue} between a producer and a consumer, on a fake {@link Clock}.
 *
 * <p>Shows: {@code get()} returning a Deferred that fires when an item arrives (or at once if one
 * waits); a consumer written as an inline-callbacks loop that ends on a sentinel; a bounded queue
 * refusing a {@code put} with {@link QueueOverflowException} instead of growing without limit.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.QueueExample}
 */
public final class QueueExample {
    private QueueExample() {
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
        Clock clock = new Clock();
        DeferredQueue<String> jobs = new DeferredQueue<>();

        // The consumer waits for each job; it is suspended while the queue is empty.
        Deferred<List<String>> consumer = InlineCallbacks.run(co -> {
            List<String> done = new ArrayList<>();
            while (true) {
                String job = co.await(jobs.get());
                if (job.equals("STOP")) {
                    return done;
                }
                out.println("t=" + clock.seconds() + " s: consumer handles " + job);
                done.add(job);
            }
        });
        out.println("consumer waiting; gets waiting on the queue: " + jobs.getWaitingCount());

        // The producer puts a job every second, then the sentinel.
        String[] produced = {"resize photo", "send mail", "bill customer", "STOP"};
        for (int i = 0; i < produced.length; i++) {
            String job = produced[i];
            Tasks.deferLater(clock, Duration.ofSeconds(i + 1), () -> {
                jobs.put(job);
                return null;
            });
        }
        for (int i = 0; i < 10 && !consumer.isCalled(); i++) {          // drive time, bounded
            clock.advance(Duration.ofSeconds(1));
        }
        consumer.addCallback(done -> { out.println("consumer finished " + done.size() + " jobs: " + done); return done; });

        // A bounded queue: two items may wait; the third put is refused, at the call that made it.
        DeferredQueue<Integer> small = new DeferredQueue<>(2, Integer.MAX_VALUE);
        small.put(1);
        small.put(2);
        try {
            small.put(3);
        } catch (QueueOverflowException e) {
            out.println("bounded queue refused the third item: " + e.getClass().getSimpleName());
        }
    }
}
