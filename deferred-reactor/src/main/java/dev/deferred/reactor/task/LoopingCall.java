package dev.deferred.reactor.task;

import dev.deferred.Deferred;
import dev.deferred.Failures;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import io.vavr.CheckedFunction0;
import io.vavr.CheckedFunction1;
import io.vavr.CheckedRunnable;
import java.time.Duration;
import java.util.Objects;

/**
 * Calls a function repeatedly, every {@code interval}: Twisted's {@code task.LoopingCall}.
 *
 * <pre>{@code
 * LoopingCall heartbeat = new LoopingCall(reactor, () -> send("ping"));
 * heartbeat.start(Duration.ofSeconds(30))              // first call now, then every 30 s
 *          .addErrback(e -> { log.error("heartbeat died", e); return null; });
 * ...
 * heartbeat.stop();                                    // the start Deferred fires with heartbeat
 * }</pre>
 *
 * <ul>
 *   <li>The function runs through {@link Deferred#maybeDeferred}. If it returns a Deferred, the
 *       next call is scheduled only once that fires: calls never overlap.</li>
 *   <li>Calls stay on the grid {@code start time + k × interval}: the next call goes to the first
 *       boundary strictly after the time the previous call finished. Intervals missed because the
 *       function (or its Deferred) took too long are skipped, not replayed; {@link #withCount}
 *       tells the function how many intervals passed.</li>
 *   <li>{@link #stop()} cancels the next call and fires the start Deferred with this LoopingCall
 *       (or, if the function's Deferred is still pending, fires it when that Deferred fires).</li>
 *   <li>If the function throws, or its Deferred fails, the loop stops and the start Deferred fails
 *       with that exception.</li>
 * </ul>
 *
 * <p>Not thread-safe: use it on the thread that drives its clock.
 */
public final class LoopingCall {
    private final ReactorTime clock;
    private final CheckedFunction0<?> fn;
    private boolean running;
    private Deferred<LoopingCall> deferred;
    private DelayedCall call;
    private long intervalNanos;
    private long startNanos;
    private boolean runAtStart;
    /** For withCount: when the function last ran and counted at least one interval. */
    private long lastCountedNanos;
    private boolean counted;
    private boolean everStarted;

    /**
     * Creates a loop that will call {@code fn} on {@code clock}; nothing happens before
     * {@link #start}.
     *
     * @param clock the clock (reactor) that schedules the calls
     * @param fn the function; may return a Deferred to delay the next call until it fires
     */
    public LoopingCall(ReactorTime clock, CheckedFunction0<?> fn) {
        this.clock = Objects.requireNonNull(clock, "LoopingCall: clock must not be null");
        this.fn = Objects.requireNonNull(fn, "LoopingCall: fn must not be null");
    }

    /**
     * Creates a loop that will run the side effect {@code action} on {@code clock}, with no
     * {@code return null} needed; nothing happens before {@link #start}.
     *
     * <pre>{@code
     * new LoopingCall(reactor, () -> System.out.println("tick")).start(Duration.ofSeconds(1));
     * }</pre>
     *
     * <p>(A lambda that returns a value, or a Deferred to wait on, picks the
     * {@link #LoopingCall(ReactorTime, CheckedFunction0) function form}.)
     *
     * @param clock the clock (reactor) that schedules the calls
     * @param action what to run each time
     */
    public LoopingCall(ReactorTime clock, CheckedRunnable action) {
        this(clock, asFunction(action));
    }

    private static CheckedFunction0<?> asFunction(CheckedRunnable action) {
        Objects.requireNonNull(action, "LoopingCall: action must not be null");
        return () -> {
            action.run();
            return null;
        };
    }

    private LoopingCall(ReactorTime clock, CheckedFunction1<LoopingCall, ?> self) {
        this.clock = Objects.requireNonNull(clock, "LoopingCall: clock must not be null");
        this.fn = () -> self.apply(this);
    }

    /**
     * A LoopingCall that passes its function the number of intervals that have elapsed since the
     * function last ran (at least 1 each time, more when intervals were skipped; always 1 when the
     * interval is zero). The first call, at start with {@code now = true}, gets 1.
     *
     * <p>As in Twisted, the count runs from the last call across {@link #stop()} and a later
     * {@code start}, measured on the new start's grid: calls at 0, 1 and 2 s with a 1 s interval,
     * stopped, restarted at 7 s with {@code now = true}, count 1, 1, 1, then 5. A call that would
     * count no interval at all (a restart within the interval of the last call) is skipped:
     * {@code countFn} is not called and the loop goes on.
     *
     * <pre>{@code
     * LoopingCall frames = LoopingCall.withCount(reactor, n -> { advanceAnimation(n); return null; });
     * frames.start(Duration.ofMillis(16));
     * }</pre>
     *
     * @param clock the clock (reactor) that schedules the calls
     * @param countFn receives the count
     * @return the (unstarted) LoopingCall
     */
    public static LoopingCall withCount(ReactorTime clock, CheckedFunction1<Integer, ?> countFn) {
        Objects.requireNonNull(countFn, "withCount: countFn must not be null");
        return new LoopingCall(clock, self -> {
            int n = self.count();
            return n > 0 ? countFn.apply(n) : null;
        });
    }

    private int count() {
        long now = nowNanos();
        if (intervalNanos == 0) {
            counted = true;
            lastCountedNanos = now;
            return 1;
        }
        long last;
        if (counted) {
            last = lastCountedNanos;
        } else {
            last = runAtStart ? startNanos - intervalNanos : startNanos;
        }
        long n = intervalOf(now) - intervalOf(last);
        if (n > 0) {
            counted = true;
            lastCountedNanos = now;
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** Which interval {@code t} falls in, counted from the start (truncating, as Python's int()). */
    private long intervalOf(long t) {
        return (t - startNanos) / intervalNanos;
    }

    /**
     * Starts calling the function every {@code interval}, the first time right now (synchronously,
     * inside this method).
     *
     * @param interval the period; zero means "as often as the clock allows"
     * @return fires with this LoopingCall when {@link #stop()} ends the loop, or fails with the
     *     function's exception
     * @throws IllegalStateException if it is already running
     * @throws IllegalArgumentException if {@code interval} is negative, or longer than Long.MAX_VALUE ns
     */
    public Deferred<LoopingCall> start(Duration interval) {
        return start(interval, true);
    }

    /**
     * Starts calling the function every {@code interval}. Every call runs in the
     * {@link dev.deferred.DeferredContext} current at this call.
     *
     * @param interval the period; zero means "as often as the clock allows"
     * @param now true to make the first call inside this method; false to make it one interval
     *     from now
     * @return fires with this LoopingCall when {@link #stop()} ends the loop, or fails with the
     *     function's exception
     * @throws IllegalStateException if it is already running
     * @throws IllegalArgumentException if {@code interval} is negative, or longer than Long.MAX_VALUE ns
     */
    public Deferred<LoopingCall> start(Duration interval, boolean now) {
        Objects.requireNonNull(interval, "start: interval must not be null");
        if (running) {
            throw new IllegalStateException("start: this LoopingCall is already running; stop() it first");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("start: interval must not be negative, got " + interval);
        }
        long nanos;
        try {
            nanos = interval.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("start: interval " + interval + " is too long: the grid of calls is kept"
                    + " in nanoseconds, so at most Long.MAX_VALUE ns (about 292 years)");
        }
        running = true;
        everStarted = true;
        Deferred<LoopingCall> d = new Deferred<>();
        deferred = d;
        startNanos = nowNanos();
        intervalNanos = nanos;
        runAtStart = now;
        // `counted`/`lastCountedNanos` are kept: Twisted counts from the last call across restarts.
        if (now) {
            callNow();
        } else {
            scheduleFrom(startNanos);
        }
        return d;
    }

    /**
     * Stops the loop: cancels the next call and fires the start Deferred with this LoopingCall. If
     * the function's Deferred is still pending, the start Deferred fires when it does instead.
     *
     * @throws IllegalStateException if it is not running
     */
    public void stop() {
        if (!running) {
            throw new IllegalStateException("stop: this LoopingCall is not running");
        }
        running = false;
        if (call != null) {
            call.cancel();
            call = null;
            fireDeferred();
        }
    }

    /**
     * Restarts the interval grid from now: the pending call is moved to one full interval from
     * now. Does nothing while the function's Deferred is pending.
     *
     * @throws IllegalStateException if it is not running
     */
    public void reset() {
        if (!running) {
            throw new IllegalStateException("reset: this LoopingCall is not running");
        }
        if (call != null) {
            call.cancel();
            call = null;
            startNanos = nowNanos();
            scheduleFrom(startNanos);
        }
    }

    /**
     * Whether the loop is running (between {@link #start} and {@link #stop()} or a failure).
     *
     * @return true while running
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * The interval of the current (or last) run.
     *
     * @return the period, or null if it was never started
     */
    public Duration getInterval() {
        return everStarted ? Duration.ofNanos(intervalNanos) : null;
    }

    /**
     * The Deferred returned by {@link #start}, while it has not fired.
     *
     * @return the start Deferred, or null when not running
     */
    public Deferred<LoopingCall> getDeferred() {
        return deferred;
    }

    private void callNow() {
        call = null;
        Deferred<?> d;
        try {
            d = Deferred.maybeDeferred(fn);
        } catch (Throwable fatal) {
            // maybeDeferred turns everything else into a failure. A fatal throwable ends the loop
            // too, as Failures says for code a reactor runs, and reaches the start Deferred wrapped.
            Failures.rethrowIfEndsLoop(fatal);
            d = Deferred.fail(Failures.asFailure(fatal));
        }
        d.addCallback(ignored -> {
            if (running) {
                scheduleFrom(nowNanos());
            } else {
                fireDeferred();
            }
            return null;
        });
        d.addErrback(failure -> {
            running = false;
            Deferred<LoopingCall> start = deferred;
            deferred = null;
            start.errback(failure);
            return null;
        });
    }

    private void fireDeferred() {
        Deferred<LoopingCall> start = deferred;
        deferred = null;
        start.callback(this);
    }

    private void scheduleFrom(long when) {
        long delay;
        if (intervalNanos == 0) {
            delay = 0;
        } else {
            long runningFor = when - startNanos;
            delay = intervalNanos - Math.floorMod(runningFor, intervalNanos);
        }
        call = clock.callLater(Duration.ofNanos(delay), this::callNow);
    }

    private long nowNanos() {
        return Math.round(clock.seconds() * 1e9);
    }

    @Override
    public String toString() {
        return "LoopingCall[" + fn + (running ? ", every " + Duration.ofNanos(intervalNanos) : ", stopped") + "]";
    }
}
