package dev.deferred.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.testing.StringTransport;
import dev.deferred.reactor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 18 item 15: Twisted's TimeoutMixin as IdleTimeout, on the fake Clock and a StringTransport. */
class IdleTimeoutTest {

    /** Resets its idle timeout on every chunk of input, as a Twisted protocol does. */
    static final class Session extends Protocol {
        final IdleTimeout idle;

        Session(Clock clock) {
            idle = new IdleTimeout(this, clock);
        }

        @Override
        public void dataReceived(byte[] data) {
            idle.resetTimeout();
        }
    }

    private final Clock clock = new Clock();

    @Test
    void anIdleConnectionIsClosedWhenThePeriodRunsOut() {
        Session s = new Session(clock);
        StringTransport t = new StringTransport();
        s.makeConnection(t);
        assertNull(s.idle.setTimeout(Duration.ofSeconds(5)));
        clock.advance(Duration.ofMillis(4999));
        assertFalse(t.isDisconnecting());
        clock.advance(Duration.ofMillis(1));
        assertTrue(t.isDisconnecting(), "idle for 5 s: closed");
    }

    @Test
    void inputRestartsTheCountdown() {
        Session s = new Session(clock);
        StringTransport t = new StringTransport();
        s.makeConnection(t);
        s.idle.setTimeout(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(4));
        s.dataReceived(new byte[] {1});
        clock.advance(Duration.ofSeconds(4));
        assertFalse(t.isDisconnecting(), "8 s after connecting but only 4 s idle");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(t.isDisconnecting());
    }

    @Test
    void setTimeoutReturnsThePreviousPeriodAndNullTurnsItOff() {
        Session s = new Session(clock);
        StringTransport t = new StringTransport();
        s.makeConnection(t);
        s.idle.setTimeout(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Duration.ofSeconds(5), s.idle.setTimeout(Duration.ofSeconds(2))); // restarts from now
        clock.advance(Duration.ofMillis(1999));
        assertFalse(t.isDisconnecting());
        assertEquals(Duration.ofSeconds(2), s.idle.setTimeout(null));
        assertNull(s.idle.getTimeout());
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(Duration.ofHours(1));
        assertFalse(t.isDisconnecting());
        s.idle.resetTimeout(); // off: nothing to reset
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void aPeriodSetBeforeTheConnectionCountsFromWhenItIsMade() {
        Session s = new Session(clock);
        s.idle.setTimeout(Duration.ofSeconds(5));
        assertEquals(List.of(), clock.getDelayedCalls(), "no countdown without a connection");
        clock.advance(Duration.ofSeconds(10));
        StringTransport t = new StringTransport();
        s.makeConnection(t);
        clock.advance(Duration.ofSeconds(4));
        assertFalse(t.isDisconnecting());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(t.isDisconnecting());
    }

    @Test
    void losingTheConnectionLeavesNoTimerBehind() {
        Session s = new Session(clock);
        s.makeConnection(new StringTransport());
        s.idle.setTimeout(Duration.ofMinutes(5));
        assertEquals(1, clock.getDelayedCalls().size());
        s.deliverConnectionLost(new ConnectionDoneException("peer closed"));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void aCustomTimeoutConnectionRunsInsteadOfClosing() {
        List<String> events = new ArrayList<>();
        Protocol p = new Protocol() { };
        IdleTimeout idle = new IdleTimeout(p, clock, () -> events.add("timed out at " + clock.seconds()));
        StringTransport t = new StringTransport();
        p.makeConnection(t);
        idle.setTimeout(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of("timed out at 3.0"), events);
        assertFalse(t.isDisconnecting());
        idle.resetTimeout(); // already ran out: nothing to reset (as Twisted)
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void badUseIsRefusedClearly() {
        Session s = new Session(clock);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> s.idle.setTimeout(Duration.ZERO));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> new IdleTimeout(s, clock));
        assertTrue(twice.getMessage().contains("already has an idle timeout"), twice.getMessage());
    }
}
