package dev.deferred.net.protocol;

import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import java.time.Duration;
import java.util.Objects;

/**
 * An idle timeout for one protocol: Twisted's {@code TimeoutMixin}, as a part the protocol holds
 * rather than a base class (so it combines with {@link LineReceiver} or any other protocol). After
 * {@link #setTimeout} the countdown runs on the given clock; {@link #resetTimeout()} restarts it
 * (call it when meaningful input arrives); if it runs out, {@link #timeoutConnection()} is called,
 * which by default closes the connection with {@link Transport#loseConnection()}.
 *
 * <p>Unlike Twisted's mixin, the countdown is cancelled when the connection is lost, so a closed
 * connection leaves no timer behind (and nothing to undo in {@code connectionLost}).
 *
 * <pre>{@code
 * class Session extends LineReceiver {
 *     private final IdleTimeout idle;
 *
 *     Session(ReactorTime reactor) {
 *         idle = new IdleTimeout(this, reactor);
 *     }
 *
 *     @Override public void connectionMade() { idle.setTimeout(Duration.ofMinutes(5)); }
 *     @Override public void lineReceived(byte[] line) { idle.resetTimeout(); ... }
 * }
 * }</pre>
 *
 * <p>Threads: use it on the reactor thread, as the protocol's other methods (the clock's timers
 * run there too).
 */
public final class IdleTimeout {
    private final Protocol protocol;
    private final ReactorTime time;
    private final Runnable onTimeout;
    // Reactor thread only.
    /** The period, or null when off (Twisted's timeOut). */
    private Duration period;
    /** The pending countdown, or null when off or after it ran out. */
    private DelayedCall call;

    /**
     * The idle timeout of {@code protocol}, off until {@link #setTimeout}; when it runs out the
     * connection is closed with {@link Transport#loseConnection()}.
     *
     * @param protocol the protocol whose connection it watches (one idle timeout per protocol)
     * @param time the clock the countdown runs on: the reactor, or a {@code Clock} in tests
     * @throws IllegalStateException if {@code protocol} has an idle timeout already
     */
    public IdleTimeout(Protocol protocol, ReactorTime time) {
        this(protocol, time, null);
    }

    /**
     * The idle timeout of {@code protocol}, off until {@link #setTimeout}; when it runs out
     * {@code timeoutConnection} runs instead of closing the connection (Twisted's overridden
     * {@code timeoutConnection}).
     *
     * @param protocol the protocol whose connection it watches (one idle timeout per protocol)
     * @param time the clock the countdown runs on: the reactor, or a {@code Clock} in tests
     * @param timeoutConnection what to do when the connection has been idle for the period; null
     *     to close it
     * @throws IllegalStateException if {@code protocol} has an idle timeout already
     */
    public IdleTimeout(Protocol protocol, ReactorTime time, Runnable timeoutConnection) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.time = Objects.requireNonNull(time, "time");
        this.onTimeout = timeoutConnection;
        if (protocol.idleTimeout != null) {
            throw new IllegalStateException("protocol " + protocol + " already has an idle timeout; keep one per protocol");
        }
        protocol.idleTimeout = this;
    }

    /**
     * Changes the period and restarts the countdown from now; {@code null} turns the timeout off.
     * Before the protocol is connected only the period is kept: the countdown starts when the
     * connection is made.
     *
     * @param period the idle time allowed, positive; or null for none
     * @return the previous period, or null if it was off
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    public Duration setTimeout(Duration period) {
        if (period != null && (period.isNegative() || period.isZero())) {
            throw new IllegalArgumentException("setTimeout: the period must be positive (or null for none), got " + period);
        }
        Duration previous = this.period;
        this.period = period;
        if (period == null) {
            cancel();
        } else if (call != null) {
            call.reset(period);
        } else if (protocol.isConnected()) {
            call = time.callLater(period, this::timedOut);
        }
        return previous;
    }

    /**
     * Restarts the countdown from now. Does nothing if the timeout is off or has already run out.
     */
    public void resetTimeout() {
        if (call != null && period != null) {
            call.reset(period);
        }
    }

    /**
     * The period set by {@link #setTimeout}.
     *
     * @return the period, or null if the timeout is off
     */
    public Duration getTimeout() {
        return period;
    }

    /**
     * What happens when the connection has been idle for the period: the action given to the
     * constructor, or by default {@link Transport#loseConnection()}.
     */
    public void timeoutConnection() {
        if (onTimeout != null) {
            onTimeout.run();
        } else if (protocol.getTransport() != null) {
            protocol.getTransport().loseConnection();
        }
    }

    private void timedOut() {
        call = null;
        timeoutConnection();
    }

    /** The connection is made (Protocol.makeConnection): start a countdown set before it. */
    void connected() {
        if (period != null && call == null) {
            call = time.callLater(period, this::timedOut);
        }
    }

    /** The connection is gone (Protocol.deliverConnectionLost): no countdown is left behind. */
    void cancel() {
        if (call != null) {
            if (call.active()) {
                call.cancel();
            }
            call = null;
        }
    }

    @Override
    public String toString() {
        return "IdleTimeout[" + (period == null ? "off" : period) + (call != null ? ", counting" : "") + "]";
    }
}
