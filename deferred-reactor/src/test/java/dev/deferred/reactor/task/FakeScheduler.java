package dev.deferred.reactor.task;

import dev.deferred.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A Cooperator scheduler the test pumps by hand (test_cooperator.py's FakeScheduler). */
final class FakeScheduler implements Function<Runnable, DelayedCall> {
    static final class Call implements DelayedCall {
        final Runnable fn;
        boolean cancelled;

        Call(Runnable fn) {
            this.fn = fn;
        }

        @Override
        public double getTime() {
            return 0;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void reset(Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delay(Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean active() {
            return !cancelled;
        }
    }

    List<Call> work = new ArrayList<>();

    @Override
    public DelayedCall apply(Runnable fn) {
        Call c = new Call(fn);
        work.add(c);
        return c;
    }

    /** Runs the work scheduled so far (not what it schedules). */
    void pump() {
        List<Call> now = work;
        work = new ArrayList<>();
        for (Call c : now) {
            if (!c.cancelled) {
                c.fn.run();
            }
        }
    }
}
