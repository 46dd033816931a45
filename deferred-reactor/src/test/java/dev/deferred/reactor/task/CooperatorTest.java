package dev.deferred.reactor.task;

import static dev.deferred.reactor.Results.failureResultOf;
import static dev.deferred.reactor.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.reactor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Twisted's Cooperator semantics (test_cooperator.py CooperatorTests), on a Clock or a fake scheduler. */
class CooperatorTest {
    private final Clock clock = new Clock();
    /** One step per tick, ticks on the clock: deterministic. */
    private final Cooperator oneStep = new Cooperator(() -> () -> true, tick -> clock.callLater(Duration.ZERO, tick), true);

    /** Advances the clock until d has a result (bounded). */
    private void runUntilFired(Deferred<?> d) {
        boolean[] fired = {false};
        d.addBoth(t -> {
            fired[0] = true;
            if (t.isFailure()) {
                throw t.getCause() instanceof Exception e ? e : new RuntimeException(t.getCause());
            }
            return t.get();
        });
        // The default cooperator schedules its ticks a few nanoseconds ahead: step by 1 ms.
        for (int i = 0; i < 10_000 && !fired[0]; i++) {
            clock.advance(0.001);
        }
        assertTrue(fired[0], "did not fire within 10,000 ticks");
    }

    @Test
    void aStoppedCooperatorRejectsNewTasks() {
        oneStep.stop();
        Deferred<Iterator<Object>> d = oneStep.coiterate(Collections.emptyIterator());
        failureResultOf(d, SchedulerStoppedException.class);
        assertFalse(oneStep.isRunning());
    }

    @Test
    void stopEndsARunningIteratorBeforeItCompletes() {
        List<Integer> ran = new ArrayList<>();
        Iterator<Integer> it = IntStream.range(0, 3).peek(ran::add).iterator();
        Deferred<Iterator<Integer>> d = oneStep.coiterate(it);
        oneStep.stop();
        failureResultOf(d, SchedulerStoppedException.class);
        clock.advance(1);
        assertEquals(List.of(), ran);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stopEndsAnIteratorWaitingOnADeferredWhenTheDeferredFires() {
        Deferred<String> outstanding = new Deferred<>();
        List<String> after = new ArrayList<>();
        Iterator<Object> it = new Iterator<>() {
            int step;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (step++ == 0) {
                    return outstanding;
                }
                after.add("should not run");
                return null;
            }
        };
        Deferred<Iterator<Object>> d = oneStep.coiterate(it);
        clock.advance(0);
        oneStep.stop();
        outstanding.callback("arglebargle");
        failureResultOf(d, SchedulerStoppedException.class);
        clock.advance(1);
        assertEquals(List.of(), after);
    }

    @Test
    void anIteratorExceptionFailsTheTask() {
        Iterator<Object> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                throw new IllegalArgumentException("unexpected");
            }
        };
        Deferred<Iterator<Object>> d = oneStep.coiterate(it);
        clock.advance(0);
        assertEquals("unexpected", failureResultOf(d, IllegalArgumentException.class).getMessage());
    }

    @Test
    void aYieldedDeferredThatFailsLaterOrAtOnceFailsTheTask() {
        Deferred<Object> later = new Deferred<>();
        Deferred<Iterator<Deferred<Object>>> d1 = oneStep.coiterate(List.of(later).iterator());
        Deferred<Iterator<Deferred<Object>>> d2 =
                oneStep.coiterate(List.of(Deferred.<Object>fail(new IllegalStateException("now"))).iterator());
        clock.advance(0);
        clock.advance(0);
        failureResultOf(d2, IllegalStateException.class);
        later.errback(new IllegalStateException("later"));
        assertEquals("later", failureResultOf(d1, IllegalStateException.class).getMessage());
    }

    @Test
    void tasksAreInterleavedRoundRobin() {
        List<Object> seen = new ArrayList<>();
        List<List<?>> groups = List.of(List.of("a", "b", "c"), List.of(1, 2, 3), List.of("d", "e", "f"), List.of(4, 5, 6));
        Cooperator coop = new Cooperator(() -> () -> false,
                tick -> clock.callLater(Duration.ZERO, tick), true);
        List<Deferred<?>> done = new ArrayList<>();
        for (List<?> g : groups) {
            done.add(coop.coiterate(g.stream().peek(seen::add).iterator()));
        }
        clock.advance(0);
        for (Deferred<?> d : done) {
            successResultOf(d);
        }
        assertEquals(List.of("a", 1, "d", 4, "b", 2, "e", 5, "c", 3, "f", 6), seen);
    }

    @Test
    void theTerminationPredicateEndsATick() {
        boolean[] stopped = {false};
        List<Integer> output = new ArrayList<>();
        FakeScheduler sched = new FakeScheduler();
        Cooperator coop = new Cooperator(() -> () -> stopped[0], sched, true);
        Iterator<Integer> it = IntStream.range(0, 100).peek(i -> {
            output.add(i);
            if (i == 9) {
                stopped[0] = true;
            }
        }).iterator();
        coop.coiterate(it).addErrback(SchedulerStoppedException.class, e -> null);
        sched.pump();
        coop.stop();
        assertEquals(IntStream.range(0, 10).boxed().toList(), output);
    }

    @Test
    void coiteratingFromACompletionCallbackSchedulesOnlyOneTick() {
        List<FakeScheduler.Call> calls = new ArrayList<>();
        Cooperator coop = new Cooperator(() -> () -> true, fn -> {
            assertEquals(List.of(), calls, "a second tick was scheduled while one was pending");
            FakeScheduler.Call c = new FakeScheduler.Call(fn);
            calls.add(c);
            return c;
        }, true);
        List<Object> done = new ArrayList<>();
        coop.coiterate(Collections.emptyIterator()).addCallback(ignored -> {
            coop.coiterate(Collections.emptyIterator()).addBoth(done::add);
            return null;
        });
        for (int work = 0; done.isEmpty(); work++) {
            assertTrue(work < 50, "the cooperator took too long");
            while (!calls.isEmpty()) {
                calls.remove(0).fn.run();
            }
        }
    }

    @Test
    void removingTheLastTaskCancelsTheScheduledTick() {
        FakeScheduler sched = new FakeScheduler();
        Cooperator coop = new Cooperator(() -> () -> true, sched, true);
        CooperativeTask<Iterator<Integer>> t1 = coop.cooperate(List.of(1, 2).iterator());
        CooperativeTask<Iterator<Integer>> t2 = coop.cooperate(List.of(1, 2).iterator());
        assertEquals(1, sched.work.size());
        FakeScheduler.Call tick = sched.work.get(0);
        t1.whenDone().addErrback(TaskStoppedException.class, e -> null);
        t2.whenDone().addErrback(TaskStoppedException.class, e -> null);
        t1.stop();
        assertFalse(tick.cancelled);
        t2.stop();
        assertTrue(tick.cancelled);
        coop.cooperate(List.of(1, 2).iterator());
        assertEquals(2, sched.work.size());
        assertFalse(sched.work.get(1).cancelled);
    }

    @Test
    void runningReflectsStartAndStop() {
        FakeScheduler sched = new FakeScheduler();
        assertTrue(new Cooperator(() -> () -> true, sched, true).isRunning());
        Cooperator c = new Cooperator(() -> () -> true, sched, false);
        assertFalse(c.isRunning());
        CooperativeTask<Iterator<Integer>> held = c.cooperate(List.of(1).iterator());
        assertEquals(List.of(), sched.work, "an unstarted cooperator schedules nothing");
        c.start();
        assertTrue(c.isRunning());
        assertEquals(1, sched.work.size());
        sched.pump();
        sched.pump();
        assertTrue(held.isFinished());
        c.stop();
        assertFalse(c.isRunning());
    }

    @Test
    void theSharedCooperatorOfAClockRunsTasksToCompletion() {
        List<Integer> seen = new ArrayList<>();
        Iterator<Integer> it = IntStream.range(0, 50).peek(seen::add).iterator();
        Deferred<Iterator<Integer>> d = Tasks.coiterate(clock, it);
        runUntilFired(d);
        assertSame(it, successResultOf(d));
        assertEquals(50, seen.size());
        CooperativeTask<Iterator<Integer>> task = Tasks.cooperate(clock, List.of(1).iterator());
        runUntilFired(task.whenDone());
        assertTrue(task.isFinished());
        Iterator<Integer> two = List.of(1, 2).iterator();
        Deferred<Iterator<Integer>> done = new Deferred<>();
        assertSame(done, Tasks.coiterate(clock, two, done));
        runUntilFired(done);
        assertSame(two, successResultOf(done));
    }

    @Test
    void coiterateWithADoneDeferredFiresThatDeferredWithTheIterator() {
        Iterator<Integer> it = IntStream.range(0, 3).iterator();
        Deferred<Iterator<Integer>> done = new Deferred<>();
        assertSame(done, oneStep.coiterate(it, done));
        assertFalse(done.isCalled());
        runUntilFired(done);
        assertSame(it, successResultOf(done));
    }

    @Test
    void coiterateWithADoneDeferredFailsItAsTheTaskFails() {
        Deferred<Iterator<Object>> done = new Deferred<>();
        oneStep.coiterate(Collections.emptyIterator(), done);
        oneStep.stop();
        failureResultOf(done, SchedulerStoppedException.class);
    }

    @Test
    void coiterateRefusesADoneDeferredThatHasFiredAndStartsNothing() {
        List<Integer> ran = new ArrayList<>();
        Iterator<Integer> it = IntStream.range(0, 3).peek(ran::add).iterator();
        Deferred<Iterator<Integer>> fired = Deferred.succeed(it);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> oneStep.coiterate(it, fired));
        assertTrue(e.getMessage().contains("already fired"), e.getMessage());
        clock.advance(1);
        assertEquals(List.of(), ran);
        assertThrows(NullPointerException.class, () -> oneStep.coiterate(it, null));
    }
}
