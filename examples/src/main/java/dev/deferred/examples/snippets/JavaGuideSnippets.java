package dev.deferred.examples.snippets;

import static dev.deferred.testing.DeferredAssertions.assertNoResult;
import static dev.deferred.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deferred.Deferred;
import dev.deferred.Deferreds;
import dev.deferred.DelayedCall;
import dev.deferred.InlineCallbacks;
import dev.deferred.ReactorTime;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.task.Tasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/** The samples of {@code docs/guide-java.md}. */
public final class JavaGuideSnippets {
    private JavaGuideSnippets() {
    }

    /** A user, for the samples. */
    public record User(String name) {
    }

    /** A connection that can be closed, for the {@code addBoth} sample. */
    public static final class Connection {
        /** Whether {@link #close} was called. */
        public boolean closed;

        /** Closes it. */
        public void close() {
            closed = true;
        }

        /**
         * Closes it politely, which takes a round trip.
         *
         * @return fires once closed
         */
        public Deferred<Void> closeGracefully() {
            closed = true;
            return Deferred.succeed(null);
        }
    }

    static Deferred<Integer> cachedCount(User user) {
        return Deferred.succeed(0);
    }

    static Deferred<User> lookupUser(String name) {
        return Deferred.succeed(new User(name));
    }

    static Deferred<Integer> countOrders(User user) {
        return user.name().equals("nobody")
                ? Deferred.fail(new IOException("order service unavailable"))
                : Deferred.succeed(user.name().length());
    }

    /**
     * The two lanes.
     *
     * @return the result, holding 1
     */
    public static Deferred<Integer> lanes() {
        // snippet:guide-lanes
        Deferred<String> input = new Deferred<>();
        Deferred<Integer> result = input
                .addCallback(s -> Integer.parseInt(s))           // "x": throws NumberFormatException
                .addCallback(n -> n * 2)                         // skipped: the result is a failure
                .addErrback(NumberFormatException.class, e -> 0) // handles it: back on the value lane
                .addCallback(n -> n + 1);                        // runs with 0
        input.callback("x");                                     // result now holds 1
        // end-snippet
        return result;
    }

    /**
     * {@code addBoth} as {@code finally}.
     *
     * @param send the request's reply
     * @param connection closed whatever the reply
     * @return the reply, after the cleanup
     */
    public static Deferred<String> cleanup(Deferred<String> send, Connection connection) {
        // snippet:guide-finally
        Deferred<String> reply = send
                .addBoth(outcome -> {                            // runs on either lane, like finally
                    connection.close();
                    return outcome.get();                        // the value, or rethrows the failure
                });
        // end-snippet
        return reply;
    }

    /**
     * A callback returning a Deferred.
     *
     * @return the count, plus one
     */
    public static Deferred<Integer> nesting() {
        // snippet:guide-nesting
        Deferred<Integer> orders = lookupUser("ada")               // Deferred<User>
                .addCallbackDeferred(user -> countOrders(user))  // a Deferred<Integer>: the chain waits for it
                .addCallback(n -> n + 1);                        // then goes on with its value
        // end-snippet
        return orders;
    }

    /**
     * Asynchronous recovery.
     *
     * @param name whose orders to count
     * @return the count, or the cached count if the order service failed
     */
    public static Deferred<Integer> recovery(String name) {
        User user = new User(name);
        // snippet:guide-recovery
        Deferred<Integer> orders = countOrders(user)
                .addErrbackDeferred(IOException.class,           // the service failed:
                        e -> cachedCount(user));                 //   wait for the cache instead
        // end-snippet
        return orders;
    }

    /**
     * An asynchronous {@code finally}.
     *
     * @param send the request's reply
     * @param connection closed gracefully whatever the reply
     * @return the reply, after the cleanup
     */
    public static Deferred<String> asyncCleanup(Deferred<String> send, Connection connection) {
        // snippet:guide-async-finally
        Deferred<String> reply = send
                .addBothDeferred(outcome -> connection.closeGracefully()  // waits for the close
                        .addCallback(closed -> outcome.get()));          // then the value, or the failure
        // end-snippet
        return reply;
    }

    /**
     * Side effects.
     *
     * @param send the request's reply
     * @return the reply, unchanged
     */
    public static Deferred<String> sideEffects(Deferred<String> send) {
        // snippet:guide-side-effects
        Deferred<String> reply = send
                .onSuccess(s -> System.out.println("got " + s))             // sees the value
                .onFailure(e -> System.out.println("failed: " + e.getMessage())) // sees the failure
                .onComplete(t -> System.out.flush());                        // sees either, as a Try
        // end-snippet
        return reply;
    }

    /**
     * A timeout in plain Java: no reactor.
     *
     * @return a Deferred that times out in 10 ms, on the library's timer thread, and recovers
     */
    public static Deferred<String> plainJavaTimeout() {
        // snippet:guide-plain-timeout
        Deferred<String> reply = new Deferred<>();               // a reply that never comes
        reply.addTimeout(Duration.ofMillis(10))                  // the library's daemon timer
             .addErrback(TimeoutException.class, e -> "timed out"); // runs on that timer's thread
        // end-snippet
        return reply;
    }

    /**
     * A timeout on an executor of one's own.
     *
     * @param scheduler the executor that keeps the deadline
     * @return a Deferred that got its answer in time
     */
    public static Deferred<String> executorTimeout(ScheduledExecutorService scheduler) {
        // snippet:guide-executor-timeout
        Deferred<String> answer = new Deferred<>();
        answer.addTimeout(Duration.ofSeconds(5), ReactorTime.of(scheduler));
        answer.callback("in time");                              // stops the timer
        // end-snippet
        return answer;
    }

    /**
     * A timeout on a fake clock.
     *
     * @return the answer, holding "default answer"
     */
    public static Deferred<String> timeout() {
        // snippet:guide-timeout
        Clock clock = new Clock();                               // a fake clock; a reactor in production
        Deferred<String> answer = new Deferred<>(d -> System.out.println("canceller: giving up"));
        answer.addTimeout(Duration.ofSeconds(5), clock)
              .addErrback(TimeoutException.class, e -> "default answer");
        clock.advance(Duration.ofSeconds(5));                    // prints "canceller: giving up"
        // end-snippet
        return answer;
    }

    /**
     * Waiting for several.
     *
     * @return the sum of both counts
     */
    public static Deferred<Integer> gather() {
        User ada = new User("ada");
        User grace = new User("grace");
        // snippet:guide-gather
        Deferred<Integer> total = Deferreds.gatherResults(List.of(countOrders(ada), countOrders(grace)))
                .addCallback(counts -> counts.get(0) + counts.get(1));
        // end-snippet
        return total;
    }

    /**
     * Inline callbacks.
     *
     * @param name whose orders to count
     * @return the count, or 0 if the order service failed
     */
    public static Deferred<Integer> inline(String name) {
        // snippet:guide-inline
        Deferred<Integer> count = InlineCallbacks.run(co -> {
            User user = co.await(lookupUser(name));              // returns at once: it has fired
            try {
                return co.await(countOrders(user));              // suspends here if it has not
            } catch (IOException e) {                            // a failure is thrown at the await
                return 0;
            }
        });
        // end-snippet
        return count;
    }

    /** Testing with a fake clock and the assertions of {@code deferred-testing}. */
    public static void testing() {
        // snippet:guide-testing
        Clock clock = new Clock();
        Deferred<String> late = Tasks.deferLater(clock, Duration.ofSeconds(3), () -> "done");
        assertNoResult(late);
        clock.advance(Duration.ofSeconds(3));
        assertEquals("done", successResultOf(late));
        // end-snippet
    }

    /**
     * Debug mode: the failure's trail and the pending dump.
     *
     * @return the printed failure and the dump, for the test to check
     */
    public static String debugging() {
        boolean before = Deferred.isDebugging();
        StringWriter printed = new StringWriter();
        // snippet:guide-debugging
        Deferred.setDebugging(true);                      // or start the JVM with -Ddev.deferred.debug=true
        Deferred<String> config = new Deferred<>();
        Deferred<Integer> port = config.addCallback(text -> Integer.parseInt(text.strip()));
        config.callback("eighty");                        // parseInt fails in the middle of the chain
        port.addErrback(e -> {
            e.printStackTrace(new PrintWriter(printed));  // ... Suppressed: Deferred trail (newest first):
            return 80;                                    //   Deferred@...: callback added at ... raised it
        });
        Deferred<String> stuck = new Deferred<>();
        String dump = Deferred.dumpPending();             // Deferred@... {pending}, created at: ...
        // end-snippet
        Deferred.setDebugging(before);
        stuck.callback("done");
        return printed + "\n" + dump;
    }

    /** What CleanReactorExtension checks: a clock's leftovers. */
    public static void leftovers() {
        // snippet:guide-leftovers
        Clock clock = new Clock();
        DelayedCall retry = clock.callLater(Duration.ofSeconds(5), () -> { });
        // reactors.register(clock) in a test with @RegisterExtension CleanReactorExtension reactors
        assertEquals(1, clock.getLeftovers().size());   // what the extension would report
        retry.cancel();
        assertEquals(0, clock.getLeftovers().size());
        // end-snippet
    }
}
