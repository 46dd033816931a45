package dev.deferred.properties;

import dev.deferred.AlreadyCalledException;
import dev.deferred.AlreadyCancelledException;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal deterministic {@link ReactorTime} for the chain properties, so that they do not depend
 * on the reactor module: time moves only in {@link #advance}; due calls run in deadline order,
 * ties in scheduling order; a call scheduled while advancing that is already due runs in the same
 * advance (Twisted's {@code task.Clock}). Single-threaded, like the programs that use it.
 */
final class FakeClock implements ReactorTime {
    private double now;
    private long nextSeq;
    private final List<Call> calls = new ArrayList<>();

    @Override
    public double seconds() {
        return now;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        Call c = new Call(now + delay.toNanos() / 1e9, nextSeq++, fn);
        calls.add(c);
        return c;
    }

    /** Moves time on by {@code seconds} and runs what is due; a call's exception propagates. */
    void advance(double seconds) {
        now += seconds;
        for (int guard = 0; guard < 10_000; guard++) {
            Call next = null;
            for (Call c : calls) {
                if (c.time <= now && (next == null || c.time < next.time || (c.time == next.time && c.seq < next.seq))) {
                    next = c;
                }
            }
            if (next == null) {
                return;
            }
            calls.remove(next);
            next.called = true;
            next.fn.run();
        }
        throw new IllegalStateException("FakeClock: more than 10000 calls in one advance");
    }

    private final class Call implements DelayedCall {
        double time;
        final long seq;
        final Runnable fn;
        boolean called;
        boolean cancelled;

        Call(double time, long seq, Runnable fn) {
            this.time = time;
            this.seq = seq;
            this.fn = fn;
        }

        @Override
        public double getTime() {
            return time;
        }

        private void check() {
            if (called) {
                throw new AlreadyCalledException("already called");
            }
            if (cancelled) {
                throw new AlreadyCancelledException("already cancelled");
            }
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
            time = now + delay.toNanos() / 1e9;
        }

        @Override
        public void delay(Duration delay) {
            check();
            time += delay.toNanos() / 1e9;
        }

        @Override
        public boolean active() {
            return !called && !cancelled;
        }
    }
}
