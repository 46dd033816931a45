package dev.deferred.reactor.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deferred.Deferred;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CooperativeTask pause/resume/stop/whenDone and its finished states (test_cooperator.py
 * RunStateTests): one step per tick, ticks pumped by hand.
 */
class CooperativeTaskTest {
    private final List<Object> work = new ArrayList<>();
    private final FakeScheduler scheduler = new FakeScheduler();
    private boolean deferNext;
    private boolean stopNext;
    private boolean dieNext;
    private Worker worker;
    private Cooperator cooperator;
    private CooperativeTask<Worker> task;

    /** Yields 1, 2, 3... or, when asked, a Deferred, the end, or an exception. */
    private final class Worker implements Iterator<Object> {
        private int i;

        @Override
        public boolean hasNext() {
            return !stopNext;
        }

        @Override
        public Object next() {
            i++;
            if (deferNext) {
                deferNext = false;
                Deferred<Object> d = new Deferred<>();
                work.add(d);
                return d;
            }
            if (dieNext) {
                throw new UnsupportedOperationException("unhandled");
            }
            work.add(i);
            return i;
        }
    }

    @BeforeEach
    void setUp() {
        cooperator = new Cooperator(() -> () -> true, scheduler, false);
        worker = new Worker();
        task = cooperator.cooperate(worker);
        cooperator.start();
    }

    @Test
    void pauseStopsWorkAndResumeStartsItOnTheNextTick() {
        scheduler.pump();
        assertEquals(List.of(1), work);
        scheduler.pump();
        assertEquals(List.of(1, 2), work);
        task.pause();
        scheduler.pump();
        assertEquals(List.of(1, 2), work);
        task.resume();
        assertEquals(List.of(1, 2), work);       // resuming does no work by itself
        scheduler.pump();
        assertEquals(List.of(1, 2, 3), work);
    }

    @Test
    void resumeWhenNotPausedIsAnError() {
        assertThrows(NotPausedException.class, task::resume);
        task.pause();
        task.resume();
        assertThrows(NotPausedException.class, task::resume);
    }

    @Test
    void pausesAreCounted() {
        task.pause();
        scheduler.pump();
        task.pause();
        scheduler.pump();
        task.resume();
        scheduler.pump();
        assertEquals(List.of(), work);
        task.resume();
        scheduler.pump();
        assertEquals(List.of(1), work);
    }

    @Test
    void aTaskWaitingOnADeferredNeedsBothTheDeferredAndAResume() {
        deferNext = true;
        scheduler.pump();
        assertEquals(1, work.size());
        Deferred<?> d = assertInstanceOf(Deferred.class, work.get(0));
        scheduler.pump();
        assertEquals(1, work.size());
        task.pause();
        scheduler.pump();
        task.resume();
        scheduler.pump();
        assertEquals(1, work.size());
        ((Deferred<Object>) d).callback("STUFF!");
        scheduler.pump();
        assertEquals(2, work.size());
        assertEquals(2, work.get(1));
    }

    @Test
    void whenDoneGivesANewDeferredEachCallFiredWithTheIterator() {
        Deferred<Worker> d1 = task.whenDone();
        Deferred<Worker> d2 = task.whenDone();
        List<Object> results1 = new ArrayList<>();
        List<Object> results2 = new ArrayList<>();
        List<Object> final1 = new ArrayList<>();
        List<Object> final2 = new ArrayList<>();
        d1.addCallback(r -> {
            results1.add(r);
            return 1;
        }).addCallback(final1::add);
        d2.addCallback(r -> {
            results2.add(r);
            return 2;
        }).addCallback(final2::add);
        stopNext = true;
        scheduler.pump();
        assertEquals(List.of(worker), results1);
        assertEquals(List.of(worker), results2);
        assertEquals(List.of(1), final1);
        assertEquals(List.of(2), final2);
    }

    @Test
    void whenDoneFailsWithTheIteratorsException() {
        List<Throwable> errors = new ArrayList<>();
        task.whenDone().addErrback(e -> {
            errors.add(e);
            return null;
        });
        dieNext = true;
        scheduler.pump();
        assertEquals(1, errors.size());
        assertInstanceOf(UnsupportedOperationException.class, errors.get(0));
    }

    @Test
    void whenDoneFailsWithTaskStoppedAfterStop() {
        List<Throwable> errors = new ArrayList<>();
        task.whenDone().addErrback(e -> {
            errors.add(e);
            return null;
        });
        task.stop();
        assertEquals(1, errors.size());
        assertInstanceOf(TaskStoppedException.class, errors.get(0));
    }

    @Test
    void whenDoneOnAFinishedTaskFiresAtOnce() {
        stopNext = true;
        scheduler.pump();
        List<Object> results = new ArrayList<>();
        task.whenDone().addCallback(results::add);
        assertEquals(List.of(worker), results);
    }

    @Test
    void stopStopsAndLaterCallsRaiseTaskStopped() {
        task.whenDone().addErrback(TaskStoppedException.class, e -> null);
        task.stop();
        scheduler.pump();
        assertEquals(List.of(), work);
        assertThrows(TaskStoppedException.class, task::stop);
        assertThrows(TaskStoppedException.class, task::pause);
        scheduler.pump();
        assertEquals(List.of(), work);
    }

    @Test
    void resumingAPausedStoppedTaskDoesNothing() {
        task.whenDone().addErrback(TaskStoppedException.class, e -> null);
        task.pause();
        task.stop();
        task.resume();
        scheduler.pump();
        assertEquals(List.of(), work);
    }

    @Test
    void stoppingATaskWaitingOnADeferredEndsItGracefully() {
        task.whenDone().addErrback(TaskStoppedException.class, e -> null);
        deferNext = true;
        scheduler.pump();
        @SuppressWarnings("unchecked")
        Deferred<Object> d = (Deferred<Object>) work.remove(work.size() - 1);
        List<Object> results = new ArrayList<>();
        d.addBoth(results::add);
        scheduler.pump();
        task.stop();
        scheduler.pump();
        d.callback(7);
        scheduler.pump();
        // The task consumed the Deferred's result: later callbacks see null, not 7, and no error.
        assertEquals(1, results.size());
        assertNull(((io.vavr.control.Try<?>) results.get(0)).get());
        assertEquals(List.of(), work);
    }

    @Test
    void finishedStatesAreRaisedByStop() {
        stopNext = true;
        scheduler.pump();
        assertThrows(TaskDoneException.class, task::stop);

        CooperativeTaskTest failing = new CooperativeTaskTest();
        failing.setUp();
        failing.task.whenDone().addErrback(e -> null);
        failing.dieNext = true;
        failing.scheduler.pump();
        assertThrows(TaskFailedException.class, failing.task::stop);
    }

    @Test
    void stoppingTheCooperatorFromACompletionCallbackIsSafe() {
        List<Object> phases = new ArrayList<>();
        task.whenDone().addCallback(r -> {
            phases.add(r);
            cooperator.stop();
            phases.add("done");
            return null;
        });
        stopNext = true;
        scheduler.pump();
        assertEquals(2, phases.size());
        assertSame(worker, phases.get(0));
        assertEquals("done", phases.get(1));
    }

    @Test
    void tasksOfAStoppedCooperatorRaiseSchedulerStopped() {
        task.whenDone().addErrback(SchedulerStoppedException.class, e -> null);
        cooperator.stop();
        assertThrows(SchedulerStoppedException.class, task::pause);
        assertThrows(SchedulerStoppedException.class, task::stop);
    }
}
