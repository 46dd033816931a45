package dev.deferred;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deterministic fake {@link ReactorTime} for the core's tests (the reactor module has the real
 * {@code Clock}): time starts at 0 and moves only in {@link #advance(double)}; calls due at the same
 * time run in the order they were scheduled. Single-threaded, like the test that drives it.
 */
final class TestClock implements ReactorTime {
    private double now;
    private long nextSeq;
    private final List<Call> calls = new ArrayList<>();

    @Override
    public double seconds() {
        return now;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Call c = new Call(now + seconds(delay), nextSeq++, fn);
        calls.add(c);
        return c;
    }

    /** Moves time forward by {@code seconds} and runs every call that is due, in (time, FIFO) order. */
    void advance(double seconds) {
        now += seconds;
        // Bounded: each round runs (and removes) one call; calls may schedule more, but a test that
        // schedules endlessly would be broken, so cap it.
        for (int round = 0; round < 100_000; round++) {
            Call due = calls.stream()
                    .filter(c -> c.time <= now)
                    .min(Comparator.comparingDouble((Call c) -> c.time).thenComparingLong(c -> c.seq))
                    .orElse(null);
            if (due == null) {
                return;
            }
            calls.remove(due);
            due.called = true;
            due.fn.run();
        }
        throw new AssertionError("too many delayed calls in one advance");
    }

    void advance(Duration d) {
        advance(seconds(d));
    }

    /** The calls not yet run or cancelled. */
    List<DelayedCall> getDelayedCalls() {
        return List.copyOf(calls);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private final class Call implements DelayedCall {
        private double time;
        private final long seq;
        private final Runnable fn;
        private boolean called;
        private boolean cancelled;

        Call(double time, long seq, Runnable fn) {
            this.time = time;
            this.seq = seq;
            this.fn = fn;
        }

        @Override
        public double getTime() {
            return time;
        }

        @Override
        public void cancel() {
            check();
            cancelled = true;
            calls.remove(this);
        }

        @Override
        public void reset(Duration delay) {
            check();
            time = now + seconds(delay);
        }

        @Override
        public void delay(Duration delay) {
            check();
            time += seconds(delay);
        }

        @Override
        public boolean active() {
            return !called && !cancelled;
        }

        private void check() {
            if (called) {
                throw new DelayedCallAlreadyCalledException("delayed call already ran");
            }
            if (cancelled) {
                throw new DelayedCallAlreadyCancelledException("delayed call already cancelled");
            }
        }
    }
}
