package dev.deferred.reactor.task;

import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.Failures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One iterator being run by a {@link Cooperator}: Twisted's {@code CooperativeTask}. Each step is a
 * call of the iterator's {@code next()}; if it returns an unfired {@link Deferred}, the task is
 * paused until that fires (a failure fails the task).
 *
 * <pre>{@code
 * CooperativeTask<Iterator<Void>> task = cooperator.cooperate(rows.stream().map(this::store).iterator());
 * task.whenDone().addCallback(it -> { System.out.println("all stored"); return null; });
 * }</pre>
 *
 * <p>A task finishes once: done (iterator exhausted), stopped ({@link #stop()}), failed, or
 * stopped with its cooperator. After that, {@link #pause()} and {@link #stop()} throw the matching
 * {@link TaskFinishedException} subclass or {@link SchedulerStoppedException}.
 *
 * <p>Not thread-safe: use it on the thread that drives its cooperator's clock.
 *
 * @param <I> the iterator's type
 */
public final class CooperativeTask<I extends Iterator<?>> {
    enum Completion { DONE, STOPPED, FAILED, SCHEDULER_STOPPED }

    private final I iterator;
    private final Cooperator cooperator;
    private final List<Deferred<I>> waiting = new ArrayList<>();
    private int pauseCount;
    private Completion completion;
    /** The result whenDone's Deferreds get: the iterator, or (on failure) the Throwable. */
    private Throwable failure;
    /** The context of cooperate/coiterate: every step runs in it, whichever task's tick runs it. */
    private final DeferredContext context = DeferredContext.current();

    CooperativeTask(I iterator, Cooperator cooperator) {
        this.iterator = iterator;
        this.cooperator = cooperator;
        cooperator.addTask(this);
    }

    /**
     * A new Deferred each call, fired when the task finishes: with the iterator when it is
     * exhausted, with the iterator's exception (or its Deferred's failure) when it failed, with
     * {@link TaskStoppedException} after {@link #stop()}, with {@link SchedulerStoppedException}
     * when the cooperator stopped. Fires at once if the task has already finished.
     *
     * @return fires when the task finishes
     */
    public Deferred<I> whenDone() {
        Deferred<I> d = new Deferred<>();
        if (completion == null) {
            waiting.add(d);
        } else {
            fire(d);
        }
        return d;
    }

    /**
     * Pauses the task: its iterator is not advanced until as many {@link #resume()} calls as
     * pauses. Counted.
     *
     * @throws TaskFinishedException or {@link SchedulerStoppedException} if the task has finished
     */
    public void pause() {
        checkFinish();
        pauseCount++;
        if (pauseCount == 1) {
            cooperator.removeTask(this);
        }
    }

    /**
     * Undoes one {@link #pause()}; at zero the task runs again (unless it finished meanwhile).
     *
     * @throws NotPausedException if it is not paused
     */
    public void resume() {
        if (pauseCount == 0) {
            throw new NotPausedException("resume: this task is not paused");
        }
        pauseCount--;
        if (pauseCount == 0 && completion == null) {
            cooperator.addTask(this);
        }
    }

    /**
     * Stops the task: its iterator is not advanced again and {@link #whenDone()} Deferreds fail
     * with {@link TaskStoppedException}.
     *
     * @throws TaskFinishedException or {@link SchedulerStoppedException} if the task has finished
     */
    public void stop() {
        checkFinish();
        completeWith(Completion.STOPPED, new TaskStoppedException("the task was stopped"));
    }

    /**
     * Whether the task has finished (done, stopped, failed, or its cooperator stopped).
     *
     * @return true once finished
     */
    public boolean isFinished() {
        return completion != null;
    }

    void completeWith(Completion how, Throwable failed) {
        completion = how;
        failure = failed;
        if (pauseCount == 0) {
            cooperator.removeTask(this);
        }
        // Fire after leaving the cooperator: a callback may stop the cooperator or touch other
        // tasks, and this task must no longer be among its tasks by then.
        List<Deferred<I>> ds = new ArrayList<>(waiting);
        waiting.clear();
        for (Deferred<I> d : ds) {
            fire(d);
        }
    }

    private void fire(Deferred<I> d) {
        if (failure == null) {
            d.callback(iterator);
        } else {
            d.errback(failure);
        }
    }

    private void checkFinish() {
        if (completion != null) {
            throw switch (completion) {
                case DONE -> new TaskDoneException("the task has already finished: its iterator is exhausted");
                case STOPPED -> new TaskStoppedException("the task was already stopped");
                case FAILED -> new TaskFailedException("the task has already failed");
                case SCHEDULER_STOPPED -> new SchedulerStoppedException("the task's cooperator was stopped");
            };
        }
    }

    /** One step: advance the iterator once, in the task's context. */
    void oneWorkUnit() {
        // Always its own context, even the empty one: the tick runs in whichever context scheduled it.
        context.run(this::step);
    }

    private void step() {
        Object result;
        try {
            if (!iterator.hasNext()) {
                completeWith(Completion.DONE, null);
                return;
            }
            result = iterator.next();
        } catch (Throwable e) {
            Failures.rethrowIfEndsLoop(e);
            completeWith(Completion.FAILED, Failures.asFailure(e)); // its whenDone() must fire, even for a LinkageError
            return;
        }
        if (result instanceof Deferred<?> d) {
            pause();
            d.addCallbacks(ignored -> {
                resume();
                return null;
            }, failed -> {
                completeWith(Completion.FAILED, failed);
                return null;
            });
        }
    }

    @Override
    public String toString() {
        return "CooperativeTask[" + iterator + ", " + (completion == null
                ? (pauseCount > 0 ? "paused" : "running") : completion.name().toLowerCase()) + "]";
    }
}
