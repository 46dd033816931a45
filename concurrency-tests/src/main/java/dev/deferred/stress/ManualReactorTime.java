package dev.deferred.stress;

import dev.deferred.DelayedCall;
import dev.deferred.DelayedCallAlreadyCalledException;
import dev.deferred.DelayedCallAlreadyCancelledException;
import dev.deferred.ReactorTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest {@link ReactorTime} a race needs: it holds the one call scheduled on it, and
 * {@link #runDue()} runs that call as the reactor thread would at its deadline. Time never moves;
 * the test's "reactor" actor decides when the deadline is.
 */
final class ManualReactorTime implements ReactorTime {

    static final int PENDING = 0;
    static final int CALLED = 1;
    static final int CANCELLED = 2;

    private volatile Call call;

    @Override
    public double seconds() {
        return 0;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        if (call != null) {
            throw new IllegalStateException("ManualReactorTime holds one call; this test scheduled a second");
        }
        Call c = new Call(delay.toNanos() / 1e9, fn);
        call = c;
        return c;
    }

    /** Runs the scheduled call, as the reactor does at its deadline, unless it was cancelled. */
    void runDue() {
        Call c = call;
        if (c != null && c.state.compareAndSet(PENDING, CALLED)) {
            c.fn.run();
        }
    }

    /** PENDING, CALLED or CANCELLED: what became of the scheduled call. */
    int callState() {
        return call.state.get();
    }

    /*
     * A DelayedCall whose state moves once, PENDING -> CALLED (the reactor runs it) or
     * PENDING -> CANCELLED (the Deferred stops its timer), by compare-and-set: the two race.
     */
    private static final class Call implements DelayedCall {
        final AtomicInteger state = new AtomicInteger(PENDING);
        final double time;
        final Runnable fn;

        Call(double time, Runnable fn) {
            this.time = time;
            this.fn = fn;
        }

        @Override
        public double getTime() {
            return time;
        }

        @Override
        public void cancel() {
            if (!state.compareAndSet(PENDING, CANCELLED)) {
                throw state.get() == CALLED ? new DelayedCallAlreadyCalledException("the call has run") : new DelayedCallAlreadyCancelledException("the call was cancelled");
            }
        }

        @Override
        public void reset(Duration delay) {
            throw new UnsupportedOperationException("not needed by the stress tests");
        }

        @Override
        public void delay(Duration delay) {
            throw new UnsupportedOperationException("not needed by the stress tests");
        }

        @Override
        public boolean active() {
            return state.get() == PENDING;
        }
    }
}
