package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deferred.DelayedCall;
import dev.deferred.reactor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The reactor's fake {@link Clock} against a model: for random schedules (some calls scheduling
 * another when they run), cancels, resets, delays and advances, calls run in deadline order, ties
 * in the order of Twisted's stably sorted list (which a reset or delay does not reorder), at
 * the advanced-to time, including calls that become due during the advance; the errors after the
 * fact and the pending list match too.
 */
@AddLifecycleHook(ScaledTries.class)
class ClockProperties {

    sealed interface Step permits Schedule, Cancel, Reset, Delay, Advance {}

    /** {@code clock.callLater(ms)}; when it runs it schedules a child {@code childMs} later (if >= 0). */
    record Schedule(int ms, int childMs) implements Step {}

    record Cancel(int call) implements Step {}

    record Reset(int call, int ms) implements Step {}

    record Delay(int call, int ms) implements Step {}

    record Advance(int ms) implements Step {}

    @Property(tries = 1000)
    void callsRunInDeadlineOrderTiesAsInTwisted(@ForAll("steps") List<Step> steps) {
        assertEquals(String.join("\n", model(steps)), String.join("\n", real(steps)), steps.toString());
    }

    // ------------------------------------------------------------------ the real Clock

    private static List<String> real(List<Step> steps) {
        Clock clock = new Clock();
        List<String> log = new ArrayList<>();
        List<DelayedCall> calls = new ArrayList<>();
        for (Step s : steps) {
            try {
                switch (s) {
                    case Schedule sc -> schedule(clock, calls, log, sc.ms, sc.childMs);
                    case Cancel c -> pick(calls, c.call).cancel();
                    case Reset r -> pick(calls, r.call).reset(Duration.ofMillis(r.ms));
                    case Delay d -> pick(calls, d.call).delay(Duration.ofMillis(d.ms));
                    case Advance a -> clock.advance(Duration.ofMillis(a.ms));
                }
            } catch (IllegalStateException e) {
                log.add(s + " threw " + e.getClass().getSimpleName());
            }
        }
        for (DelayedCall c : clock.getDelayedCalls()) {
            log.add("pending c" + calls.indexOf(c) + " at " + Math.round(c.getTime() * 1000));
        }
        return log;
    }

    private static void schedule(Clock clock, List<DelayedCall> calls, List<String> log, int ms, int childMs) {
        int id = calls.size();
        calls.add(clock.callLater(Duration.ofMillis(ms), () -> {
            log.add("c" + id + " ran at " + Math.round(clock.seconds() * 1000));
            if (childMs >= 0) {
                schedule(clock, calls, log, childMs, -1);
            }
        }));
    }

    private static <T> T pick(List<T> calls, int i) {
        return calls.get(i % calls.size());
    }

    // ------------------------------------------------------------------ the model

    private static final class Call {
        final int id;
        long deadline;
        final int childMs;

        Call(int id, long deadline, int childMs) {
            this.id = id;
            this.deadline = deadline;
            this.childMs = childMs;
        }
    }

    /**
     * Twisted 22.4's task.Clock, transcribed: a list of pending calls, re-sorted stably by time in
     * callLater (after appending) and in advance (after moving time, and after each call); reset
     * and delay only change a call's time.
     */
    private static List<String> model(List<Step> steps) {
        List<String> log = new ArrayList<>();
        List<Call> all = new ArrayList<>();
        List<Call> pending = new ArrayList<>();
        Comparator<Call> byTime = Comparator.comparingLong(c -> c.deadline);
        long[] now = {0};
        for (Step s : steps) {
            switch (s) {
                case Schedule sc -> {
                    Call c = new Call(all.size(), now[0] + sc.ms, sc.childMs);
                    all.add(c);
                    pending.add(c);
                    pending.sort(byTime);
                }
                case Advance a -> {
                    now[0] += a.ms;
                    pending.sort(byTime);
                    while (!pending.isEmpty() && pending.get(0).deadline <= now[0]) {
                        Call next = pending.remove(0);
                        log.add("c" + next.id + " ran at " + now[0]);
                        if (next.childMs >= 0) {
                            Call child = new Call(all.size(), now[0] + next.childMs, -1);
                            all.add(child);
                            pending.add(child);
                            pending.sort(byTime);
                        }
                        pending.sort(byTime);
                    }
                }
                default -> {
                    int i = switch (s) {
                        case Cancel c -> c.call;
                        case Reset r -> r.call;
                        case Delay d -> d.call;
                        default -> throw new AssertionError();
                    };
                    Call c = pick(all, i);
                    if (!pending.contains(c)) {
                        boolean ran = log.stream().anyMatch(l -> l.startsWith("c" + c.id + " ran"));
                        log.add(s + " threw " + (ran ? "DelayedCallAlreadyCalledException" : "DelayedCallAlreadyCancelledException"));
                        continue;
                    }
                    switch (s) {
                        case Cancel x -> pending.remove(c);
                        case Reset r -> c.deadline = now[0] + r.ms;
                        case Delay d -> c.deadline += d.ms;
                        default -> throw new AssertionError();
                    }
                }
            }
        }
        pending.sort(byTime); // ours: getDelayedCalls is in order (Twisted returns the list as it stands)
        pending.forEach(c -> log.add("pending c" + c.id + " at " + c.deadline));
        return log;
    }

    // ------------------------------------------------------------------ generation

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> ms = Arbitraries.integers().between(0, 5); // small, so that ties are common
        Arbitrary<Step> schedule = Combinators.combine(ms, Arbitraries.integers().between(-1, 3)).as(Schedule::new);
        Arbitrary<Integer> call = Arbitraries.integers().between(0, 20);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, schedule),
                net.jqwik.api.Tuple.of(1, call.map(Cancel::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(call, ms).as(Reset::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(call, ms).as(Delay::new)),
                net.jqwik.api.Tuple.of(3, ms.map(Advance::new)));
        // A first schedule, so that cancel/reset/delay always have a call to pick.
        return Combinators.combine(schedule, step.list().ofMaxSize(30)).as((first, rest) -> {
            List<Step> all = new ArrayList<>();
            all.add(first);
            all.addAll(rest);
            return all;
        });
    }
}
