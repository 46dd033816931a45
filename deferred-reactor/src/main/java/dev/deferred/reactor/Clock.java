package dev.deferred.reactor;

import dev.deferred.DelayedCall;
import dev.deferred.Leftovers;
import dev.deferred.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Deterministic fake time for tests: Twisted's {@code task.Clock}. Time starts at 0 and moves only
 * when the test calls {@link #advance}; due calls run on the thread that advances it, synchronously.
 *
 * <pre>{@code
 * Clock clock = new Clock();
 * Deferred<String> d = fetch().addTimeout(Duration.ofSeconds(5), clock);
 * clock.advance(Duration.ofSeconds(5));     // the timeout fires here, inside advance()
 * }</pre>
 *
 * <p>Semantics (as Twisted's):
 * <ul>
 *   <li>{@link #callLater} schedules at now + delay; calls due at the same time run in the order
 *       of Twisted's list of calls, which it keeps sorted by time with a stable sort in
 *       {@code callLater} and {@code advance} only: a new call goes last among its ties, and a
 *       {@link DelayedCall#reset reset} or {@link DelayedCall#delay delay} does not move a call
 *       within the list, so a call moved later keeps its place ahead of the calls it now ties
 *       with, and one moved earlier goes behind them. ({@code a = callLater(1); callLater(2, b);
 *       a.delay(1)} runs a then b; {@code callLater(2, a); b = callLater(1); b.reset(2)} runs b
 *       then a.)</li>
 *   <li>{@link #advance} moves time first, then runs every due call, earliest first; a call is
 *       marked called just before it runs (so cancelling it from inside raises
 *       {@link dev.deferred.DelayedCallAlreadyCalledException}); a call scheduled while advancing that is
 *       already due runs in the same advance.</li>
 *   <li>An exception thrown by a call propagates out of {@code advance}; the calls not yet run stay
 *       scheduled.</li>
 * </ul>
 * Time is kept in whole nanoseconds, so repeated advances add up exactly. Deadlines and time
 * saturate at the end of that time line (about 292 years), so an absurdly long delay means "never"
 * rather than wrapping around into the past.
 *
 * <p>Not thread-safe, like Twisted's: use it from one thread (the test's).
 */
public final class Clock implements ReactorTime, Leftovers {
    private final TimerHeap calls = new TimerHeap();
    private long now;
    /**
     * Calls reset or delayed since the calls were last put in order. Twisted re-sorts its list
     * only in callLater and advance, so a call's place among ties depends on where it stood at the
     * last sort; {@link #settleMoves} re-places them at those same points. A call may be listed
     * twice, or have been cancelled since.
     */
    private final List<Timer> moved = new ArrayList<>();
    /** Tie-breakers for calls that go ahead of every call they tie with: counts down from -1. */
    private long nextAheadSeq = -1;

    private final Timer.Owner owner = new Timer.Owner() {
        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public void cancelled(Timer t) {
            calls.remove(t);
        }

        @Override
        public void move(Timer t, long deadline) {
            t.setDeadline(deadline);
            moved.add(t); // re-placed at the next sort point, as Twisted does
        }
    };

    /** Creates a clock at time 0 with nothing scheduled. */
    public Clock() {
    }

    /**
     * The current fake time.
     *
     * @return seconds since this clock was created, as advanced so far
     */
    @Override
    public double seconds() {
        return now / 1e9;
    }

    /**
     * Schedules {@code fn} at now + {@code delay}. It runs inside a later (or, for a zero delay
     * scheduled during an advance, the current) {@link #advance}, on that thread.
     *
     * @param delay not negative
     * @param fn what to run
     * @return the scheduled call
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if an argument is null
     */
    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        Objects.requireNonNull(delay, "callLater: delay must not be null");
        Objects.requireNonNull(fn, "callLater: fn must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("callLater: delay must not be negative, got " + delay);
        }
        Timer t = new Timer(owner, Timer.deadlineAfter(now, delay), fn);
        settleMoves();
        calls.add(t);
        return t;
    }

    /**
     * Moves time forward by {@code amount}, then runs every call that is due, earliest first
     * (including calls that become due because a running call scheduled or moved them).
     *
     * @param amount how far to move; not negative (time never goes back)
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "advance: amount must not be null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("advance: amount must not be negative, got " + amount);
        }
        now = Timer.deadlineAfter(now, amount);
        runDue();
    }

    /**
     * As {@link #advance(Duration)}, in (fractional) seconds, rounded to the nearest nanosecond.
     *
     * @param seconds how far to move; not negative
     * @throws IllegalArgumentException if {@code seconds} is negative or not a number
     */
    public void advance(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("advance: seconds must be a finite number >= 0, got " + seconds);
        }
        now = Timer.deadlineAfter(now, Duration.ofNanos(Math.round(seconds * 1e9)));
        runDue();
    }

    /**
     * Advances by each amount in turn, running due calls after each step: Twisted's {@code pump}.
     *
     * @param timings the steps, in seconds
     */
    public void pump(double... timings) {
        for (double t : timings) {
            advance(t);
        }
    }

    /**
     * The calls still pending, earliest first (ties in scheduling order). A snapshot: changing the
     * list does not change the clock.
     *
     * @return the pending calls
     */
    public List<DelayedCall> getDelayedCalls() {
        settleMoves();
        return new ArrayList<>(calls.sorted());
    }

    /**
     * The calls still pending, as leftovers of a finished test (with where each was scheduled,
     * when debugging was on then).
     *
     * @return one leftover per pending call, earliest first
     */
    @Override
    public List<Leftover> getLeftovers() {
        List<Leftover> out = new ArrayList<>();
        for (Timer t : calls.sorted()) {
            out.add(t.asLeftover());
        }
        return out;
    }

    private void runDue() {
        Timer t;
        while (settleMoves() && (t = calls.peek()) != null && t.deadline() <= now) {
            calls.poll();
            if (t.markCalled()) {
                Runnable fn = t.fn;
                fn.run();
            }
        }
    }

    /**
     * Twisted's stable re-sort, for the calls moved since the last one: a call now tied with calls
     * it stood before (it moved later) goes ahead of them, one that stood after them (it moved
     * earlier) goes behind them, and calls moved into the same tie keep their old relative order.
     * The others' order is unchanged. Always returns true (so it can lead a loop condition).
     */
    private boolean settleMoves() {
        if (moved.isEmpty()) {
            return true;
        }
        List<Timer> ahead = new ArrayList<>();
        List<Timer> behind = new ArrayList<>();
        Set<Timer> seen = new HashSet<>(); // Timer has identity equality
        for (Timer t : moved) {
            if (!calls.contains(t) || !seen.add(t)) {
                continue;
            }
            long placed = calls.placedDeadline(t);
            if (t.deadline() > placed) {
                ahead.add(t);
            } else if (t.deadline() < placed) {
                behind.add(t);
            }
        }
        moved.clear();
        Comparator<Timer> oldOrder = (a, b) -> calls.placedDeadline(a) != calls.placedDeadline(b)
                ? Long.compare(calls.placedDeadline(a), calls.placedDeadline(b)) : Long.compare(a.seq, b.seq);
        ahead.sort(oldOrder.reversed()); // the earliest gets the smallest (last taken) tie-breaker
        behind.sort(oldOrder);
        long[] seqs = new long[ahead.size() + behind.size()];
        int k = 0;
        for (Timer t : ahead) {
            seqs[k++] = nextAheadSeq--;
        }
        for (Timer t : behind) {
            seqs[k++] = calls.takeSeq();
        }
        k = 0;
        for (Timer t : ahead) {
            calls.rekey(t, seqs[k++]);
        }
        for (Timer t : behind) {
            calls.rekey(t, seqs[k++]);
        }
        return true;
    }

    @Override
    public String toString() {
        return "Clock[" + seconds() + "s, " + calls.size() + " pending]";
    }

    /** Duration to nanoseconds, saturating instead of overflowing for absurdly long delays. */
    static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
