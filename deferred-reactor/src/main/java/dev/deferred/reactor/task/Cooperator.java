package dev.deferred.reactor.task;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cooperative multitasking: runs many iterators a step at a time, round-robin, without blocking
 * the loop for long. Twisted's {@code task.Cooperator}.
 *
 * <pre>{@code
 * Cooperator coop = new Cooperator(reactor);
 * Iterator<Integer> work = IntStream.range(0, 1_000_000).map(this::crunch).iterator();
 * coop.coiterate(work).addCallback(it -> { System.out.println("done"); return null; });
 * }</pre>
 *
 * <p>Each tick (scheduled on the clock, a few nanoseconds ahead) starts a new termination
 * predicate and calls {@code next()} on one task after another, cycling through the tasks, until
 * the predicate says the time slice is used up (by default 10 ms of wall time) or no task is left
 * to run. A task whose {@code next()} returns a {@link Deferred} is paused until it fires.
 *
 * <p>Not thread-safe: use it on the thread that drives its clock.
 */
public final class Cooperator {
    /** Twisted's _EPSILON: a tick is scheduled this far ahead. */
    static final Duration EPSILON = Duration.ofNanos(10);
    private static final long DEFAULT_SLICE_NANOS = 10_000_000;

    private final Supplier<BooleanSupplier> terminationPredicateFactory;
    private final Function<Runnable, DelayedCall> scheduler;
    private final List<CooperativeTask<?>> tasks = new ArrayList<>();
    /**
     * Python's list iterator over {@code tasks}: the next index to yield, or -1 once exhausted (an
     * exhausted iterator stays exhausted until the next round restarts it).
     */
    private int metarator = -1;
    private DelayedCall delayedCall;
    private boolean stopped;
    private boolean started;
    private boolean mustScheduleOnStart;

    /**
     * A started cooperator that schedules its ticks on {@code clock} and gives each tick 10 ms of
     * wall-clock time.
     *
     * @param clock the clock (reactor) to schedule ticks on
     */
    public Cooperator(ReactorTime clock) {
        this(Cooperator::defaultSlice, scheduleOn(clock), true);
    }

    /**
     * A cooperator with its own time slices and scheduling (Twisted's constructor arguments).
     *
     * @param terminationPredicateFactory called at the start of each tick; the predicate it returns
     *     is asked after each step whether the tick should end
     * @param scheduler schedules a tick (typically {@code tick -> clock.callLater(d, tick)})
     * @param started false to hold the tasks until {@link #start()}
     */
    public Cooperator(Supplier<BooleanSupplier> terminationPredicateFactory,
                      Function<Runnable, DelayedCall> scheduler, boolean started) {
        this.terminationPredicateFactory = Objects.requireNonNull(terminationPredicateFactory,
                "Cooperator: terminationPredicateFactory must not be null");
        this.scheduler = Objects.requireNonNull(scheduler, "Cooperator: scheduler must not be null");
        this.started = started;
    }

    private static Function<Runnable, DelayedCall> scheduleOn(ReactorTime clock) {
        Objects.requireNonNull(clock, "Cooperator: clock must not be null");
        return tick -> clock.callLater(EPSILON, tick);
    }

    /** A termination predicate that ends a tick after 10 ms of wall-clock time. */
    static BooleanSupplier defaultSlice() {
        long end = System.nanoTime() + DEFAULT_SLICE_NANOS;
        return () -> System.nanoTime() - end >= 0;
    }

    /**
     * Runs {@code iterator} as a task and returns a Deferred that fires with the iterator once it is
     * exhausted (or fails as the task does; see {@link CooperativeTask#whenDone()}).
     *
     * @param iterator the work; each {@code next()} is one step, and may return a Deferred to wait on
     * @param <I> the iterator's type
     * @return fires when the iterator is exhausted
     */
    public <I extends Iterator<?>> Deferred<I> coiterate(I iterator) {
        return cooperate(iterator).whenDone();
    }

    /**
     * Runs {@code iterator} as a task and fires {@code doneDeferred} with the iterator once it is
     * exhausted, or fails it as the task fails (Twisted's {@code coiterate(iterator, doneDeferred)}).
     * The Deferred is fired like a chained one: its callbacks run where the task ends.
     *
     * <pre>{@code
     * Deferred<Iterator<Row>> done = new Deferred<>();
     * cooperator.coiterate(rows, done).addCallback(it -> log("all rows written"));
     * }</pre>
     *
     * @param iterator the work; each {@code next()} is one step, and may return a Deferred to wait on
     * @param doneDeferred the Deferred to fire when the task ends; it must not have fired
     * @param <I> the iterator's type
     * @return {@code doneDeferred}
     * @throws NullPointerException if {@code iterator} or {@code doneDeferred} is null
     * @throws IllegalArgumentException if {@code doneDeferred} has already fired (nothing is started)
     */
    public <I extends Iterator<?>> Deferred<I> coiterate(I iterator, Deferred<I> doneDeferred) {
        Objects.requireNonNull(iterator, "coiterate: iterator must not be null");
        Objects.requireNonNull(doneDeferred, "coiterate: doneDeferred must not be null (use coiterate(iterator))");
        if (doneDeferred.isCalled()) {
            throw new IllegalArgumentException("coiterate: doneDeferred has already fired; pass a fresh Deferred");
        }
        cooperate(iterator).whenDone().chainDeferred(doneDeferred);
        return doneDeferred;
    }

    /**
     * Runs {@code iterator} as a task. On a stopped cooperator the task fails at once with
     * {@link SchedulerStoppedException}. Each step runs in the {@link dev.deferred.DeferredContext}
     * current at this call.
     *
     * @param iterator the work; each {@code next()} is one step, and may return a Deferred to wait on
     * @param <I> the iterator's type
     * @return the task, to pause, resume, stop or wait for
     */
    public <I extends Iterator<?>> CooperativeTask<I> cooperate(I iterator) {
        Objects.requireNonNull(iterator, "cooperate: iterator must not be null");
        return new CooperativeTask<>(iterator, this);
    }

    /**
     * Starts a cooperator created with {@code started = false} (or restarts a stopped one, which
     * then accepts tasks again).
     */
    public void start() {
        stopped = false;
        started = true;
        if (mustScheduleOnStart) {
            mustScheduleOnStart = false;
            reschedule();
        }
    }

    /**
     * Stops the cooperator: every task ends with {@link SchedulerStoppedException} (their
     * {@code whenDone()} Deferreds fail with it) and the pending tick is cancelled. Tasks added
     * later fail at once.
     */
    public void stop() {
        stopped = true;
        List<CooperativeTask<?>> ending = new ArrayList<>(tasks);
        for (CooperativeTask<?> t : ending) {
            t.completeWith(CooperativeTask.Completion.SCHEDULER_STOPPED,
                    new SchedulerStoppedException("the cooperator was stopped"));
        }
        tasks.clear();
        metarator = -1;
        if (delayedCall != null) {
            delayedCall.cancel();
            delayedCall = null;
        }
    }

    /**
     * Whether the cooperator runs tasks: started and not stopped.
     *
     * @return true when running
     */
    public boolean isRunning() {
        return started && !stopped;
    }

    void addTask(CooperativeTask<?> task) {
        tasks.add(task);
        if (stopped) {
            task.completeWith(CooperativeTask.Completion.SCHEDULER_STOPPED,
                    new SchedulerStoppedException("the cooperator is stopped"));
        } else {
            reschedule();
        }
    }

    void removeTask(CooperativeTask<?> task) {
        tasks.remove(task);
        if (tasks.isEmpty() && delayedCall != null) {
            delayedCall.cancel();
            delayedCall = null;
        }
    }

    private void tick() {
        delayedCall = null;
        BooleanSupplier terminator = terminationPredicateFactory.get();
        // As Twisted's _tasksWhileNotStopped: cycle over the live task list (tasks added or removed
        // meanwhile are seen as a Python list iterator would), stop when the slice is used up.
        outer:
        while (!tasks.isEmpty()) {
            while (metarator >= 0 && metarator < tasks.size()) {
                CooperativeTask<?> t = tasks.get(metarator++);
                t.oneWorkUnit();
                if (terminator.getAsBoolean()) {
                    break outer;
                }
            }
            metarator = 0;
        }
        reschedule();
    }

    private void reschedule() {
        if (!started) {
            mustScheduleOnStart = true;
            return;
        }
        if (delayedCall == null && !tasks.isEmpty()) {
            delayedCall = scheduler.apply(this::tick);
        }
    }
}
