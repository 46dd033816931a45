package dev.deferred.reactor.task;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import io.vavr.CheckedFunction0;
import io.vavr.CheckedRunnable;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Twisted's module-level task helpers: {@code deferLater}, and {@code coiterate}/{@code cooperate}
 * on a shared {@link Cooperator} per clock.
 */
public final class Tasks {
    private static final Map<ReactorTime, Cooperator> COOPERATORS = new WeakHashMap<>();

    private Tasks() {
    }

    /**
     * A Deferred that fires with {@code fn}'s result {@code delay} from now: {@code fn} runs on the
     * clock's thread when the delay has passed, and its value (or exception, or the result of the
     * Deferred it returns) fires the Deferred. Cancelling the Deferred first cancels the timer, so
     * {@code fn} never runs, and fails it with {@link java.util.concurrent.CancellationException}.
     *
     * <pre>{@code
     * Tasks.deferLater(reactor, Duration.ofSeconds(2), () -> "late")
     *      .onSuccess(s -> System.out.println(s));
     * }</pre>
     *
     * <p>Types never lie: if {@code fn} returns a Deferred, the returned Deferred fails with an
     * {@link IllegalStateException}; to run something asynchronous later, write
     * {@code deferLater(clock, delay).addCallbackDeferred(ignored -> work())}.
     *
     * @param clock the clock (reactor) to wait on
     * @param delay how long; not negative
     * @param fn what to call after the delay
     * @param <T> fn's result type
     * @return fires with fn's result
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static <T> Deferred<T> deferLater(ReactorTime clock, Duration delay, CheckedFunction0<? extends T> fn) {
        Objects.requireNonNull(fn, "deferLater: fn must not be null");
        return deferLater(clock, delay).addCallback(ignored -> {
            T value = fn.apply();
            if (value instanceof Deferred) {
                throw new IllegalStateException("the function given to deferLater returned a Deferred; use "
                        + "deferLater(clock, delay).addCallbackDeferred(ignored -> ...) to wait on it");
            }
            return value;
        });
    }

    /**
     * Runs the side effect {@code action} {@code delay} from now, with no {@code return null}
     * needed; the Deferred fires with {@code null} after it (or with its exception). Cancelling
     * the Deferred first cancels the timer, so {@code action} never runs.
     *
     * <pre>{@code
     * Tasks.deferLater(reactor, Duration.ofSeconds(2), () -> System.out.println("two seconds later"));
     * }</pre>
     *
     * <p>(A lambda that returns a value picks the
     * {@link #deferLater(ReactorTime, Duration, CheckedFunction0) function form}.)
     *
     * @param clock the clock (reactor) to wait on
     * @param delay how long; not negative
     * @param action what to run after the delay
     * @return fires with null once {@code action} has run
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Deferred<Void> deferLater(ReactorTime clock, Duration delay, CheckedRunnable action) {
        Objects.requireNonNull(action, "deferLater: action must not be null");
        return deferLater(clock, delay).addCallback(ignored -> {
            action.run();
            return null;
        });
    }

    /**
     * A Deferred that fires with {@code null} {@code delay} from now; cancelling it cancels the
     * timer. See {@link #deferLater(ReactorTime, Duration, CheckedFunction0)}.
     *
     * @param clock the clock (reactor) to wait on
     * @param delay how long; not negative
     * @return fires with null after the delay
     */
    public static Deferred<Void> deferLater(ReactorTime clock, Duration delay) {
        Objects.requireNonNull(clock, "deferLater: clock must not be null");
        Objects.requireNonNull(delay, "deferLater: delay must not be null");
        DelayedCall[] call = new DelayedCall[1];
        Deferred<Void> d = new Deferred<>(cancelled -> call[0].cancel());
        call[0] = clock.callLater(delay, () -> d.callback(null));
        return d;
    }

    /**
     * Runs {@code iterator} on the shared {@link Cooperator} of {@code clock}; see
     * {@link Cooperator#coiterate}.
     *
     * @param clock the clock (reactor) whose cooperator runs it
     * @param iterator the work, one step per {@code next()}
     * @param <I> the iterator's type
     * @return fires with the iterator once it is exhausted
     */
    public static <I extends Iterator<?>> Deferred<I> coiterate(ReactorTime clock, I iterator) {
        return cooperator(clock).coiterate(iterator);
    }

    /**
     * Runs {@code iterator} on the shared {@link Cooperator} of {@code clock} and fires
     * {@code doneDeferred} when it ends; see {@link Cooperator#coiterate(Iterator, Deferred)}.
     *
     * @param clock the clock (reactor) whose cooperator runs it
     * @param iterator the work, one step per {@code next()}
     * @param doneDeferred the Deferred to fire with the iterator once it is exhausted; not yet fired
     * @param <I> the iterator's type
     * @return {@code doneDeferred}
     * @throws IllegalArgumentException if {@code doneDeferred} has already fired
     */
    public static <I extends Iterator<?>> Deferred<I> coiterate(ReactorTime clock, I iterator, Deferred<I> doneDeferred) {
        return cooperator(clock).coiterate(iterator, doneDeferred);
    }

    /**
     * Runs {@code iterator} on the shared {@link Cooperator} of {@code clock}; see
     * {@link Cooperator#cooperate}.
     *
     * @param clock the clock (reactor) whose cooperator runs it
     * @param iterator the work, one step per {@code next()}
     * @param <I> the iterator's type
     * @return the task, to pause, resume, stop or wait for
     */
    public static <I extends Iterator<?>> CooperativeTask<I> cooperate(ReactorTime clock, I iterator) {
        return cooperator(clock).cooperate(iterator);
    }

    private static Cooperator cooperator(ReactorTime clock) {
        Objects.requireNonNull(clock, "clock must not be null");
        synchronized (COOPERATORS) {
            Cooperator c = COOPERATORS.get(clock);
            if (c == null) {
                // The map's value must not hold its key strongly, or the entry would never go.
                WeakReference<ReactorTime> ref = new WeakReference<>(clock);
                c = new Cooperator(Cooperator::defaultSlice, tick -> {
                    ReactorTime t = ref.get();
                    return t == null ? null : t.callLater(Cooperator.EPSILON, tick);
                }, true);
                COOPERATORS.put(clock, c);
            }
            return c;
        }
    }
}
