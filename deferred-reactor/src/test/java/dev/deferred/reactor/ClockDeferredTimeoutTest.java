package dev.deferred.reactor;

import static dev.deferred.reactor.Results.assertNoResult;
import static dev.deferred.reactor.Results.failureResultOf;
import static dev.deferred.reactor.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deferred.Deferred;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The core's Deferred.addTimeout driven by this module's Clock. */
class ClockDeferredTimeoutTest {
    private final Clock clock = new Clock();

    @Test
    void timesOutAtTheDeadline() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(5), clock);
        clock.advance(4.999);
        assertNoResult(d);
        clock.advance(0.001);
        failureResultOf(d, TimeoutException.class);
    }

    @Test
    void firingInTimeCancelsTheTimer() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(5), clock);
        assertEquals(1, clock.getDelayedCalls().size());
        d.callback("in time");
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(10);
        assertEquals("in time", successResultOf(d));
    }
}
