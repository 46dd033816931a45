package dev.deferred.reactor.task;

import dev.deferred.ErrorLog;
import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import dev.deferred.reactor.Reactor;
import dev.deferred.reactor.ReactorNotRunningException;
import dev.deferred.reactor.SelectReactor;
import io.vavr.CheckedFunction0;
import io.vavr.CheckedFunction1;
import io.vavr.CheckedRunnable;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Twisted's module-level task helpers: {@code deferLater}, {@code coiterate}/{@code cooperate}
 * on a shared {@link Cooperator} per clock, and {@code react} (run a program on a reactor until
 * its Deferred fires).
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

    /**
     * Runs {@code main} on a fresh {@link SelectReactor} until the Deferred it returns fires, then
     * stops the reactor and returns an exit status (Twisted's {@code task.react}): 0 when the
     * Deferred succeeded, 1 when it failed (or {@code main} threw, or returned null), after
     * logging the failure at ERROR ("main function encountered error"). A {@code main} is then
     * three lines:
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     System.exit(Tasks.react(reactor -> fetchAndPrint(reactor, args)));
     * }
     * }</pre>
     *
     * <p>{@code main} runs on the reactor thread, once the reactor is running (this thread becomes
     * the reactor thread: the call blocks until the reactor has stopped). If the reactor is
     * stopped by other means first, the status is 0, as in Twisted.
     *
     * @param main receives the running reactor and returns the Deferred of the program's work
     * @return the exit status: 0 or 1
     * @throws NullPointerException if {@code main} is null
     */
    public static int react(CheckedFunction1<? super SelectReactor, ? extends Deferred<?>> main) {
        Objects.requireNonNull(main, "react: main must not be null; pass reactor -> the Deferred of your program's work");
        return react(new SelectReactor(), main);
    }

    /**
     * {@link #react(CheckedFunction1)} on a given, not yet started reactor.
     *
     * @param reactor the reactor to run; it must not have run before
     * @param main receives the running reactor and returns the Deferred of the program's work
     * @param <R> the reactor's type
     * @return the exit status: 0 or 1
     * @throws NullPointerException if an argument is null
     * @throws dev.deferred.reactor.ReactorNotRestartableException if the reactor has already run
     */
    public static <R extends Reactor> int react(R reactor, CheckedFunction1<? super R, ? extends Deferred<?>> main) {
        Objects.requireNonNull(reactor, "react: reactor must not be null");
        Objects.requireNonNull(main, "react: main must not be null; pass reactor -> the Deferred of your program's work");
        // Written by whichever thread fires main's Deferred, read here after run() returns.
        AtomicInteger status = new AtomicInteger();
        reactor.callWhenRunning(() -> Deferred.maybeDeferred(() -> {
            Deferred<?> work = main.apply(reactor);
            if (work == null) {
                throw new NullPointerException("react: main returned null; return a Deferred "
                        + "(Deferred.succeed(null) when there is nothing to wait for)");
            }
            return work;
        }).addBoth(outcome -> {
            if (outcome.isFailure()) {
                REACT_LOG.error("main function encountered error", outcome.getCause());
                status.set(1);
            }
            try {
                reactor.stop();
            } catch (ReactorNotRunningException alreadyStopping) {
                // main stopped it itself, or its Deferred fired because the reactor is shutting down.
            }
            return null;
        }));
        reactor.run();
        return status.get();
    }

    private static final Logger REACT_LOG = ErrorLog.logger(Tasks.class);

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
