package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.task.LoopingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@code LoopingCall.withCount} under random advances of a {@link Clock}: the counts add up to
 * {@code floor(elapsed / interval)} (plus the call at start when {@code now}), each count is at
 * least 1, there is one call per advance that enters a new interval (missed intervals are counted,
 * not replayed), and after {@code stop()} nothing more runs and the start Deferred has fired.
 */
@AddLifecycleHook(ScaledTries.class)
class LoopingCallProperties {

    @Property(tries = 1000)
    void countsAddUpToElapsedIntervals(@ForAll @IntRange(min = 1, max = 7) int intervalMs,
                                       @ForAll boolean now,
                                       @ForAll @Size(max = 20) List<@IntRange(max = 20) Integer> advances,
                                       @ForAll @IntRange(min = 0, max = 20) int stopAfter) {
        Clock clock = new Clock();
        List<Integer> counts = new ArrayList<>();
        LoopingCall loop = LoopingCall.withCount(clock, n -> counts.add(n));
        Deferred<LoopingCall> done = loop.start(Duration.ofMillis(intervalMs), now);
        List<Object> fired = new ArrayList<>();
        done.addCallback(l -> fired.add(l));

        long elapsed = 0;
        int expectedCalls = now ? 1 : 0;
        boolean stopped = false;
        for (int i = 0; i < advances.size(); i++) {
            if (i == stopAfter) {
                loop.stop();
                stopped = true;
            }
            long before = elapsed;
            elapsed += advances.get(i);
            if (!stopped && elapsed / intervalMs > before / intervalMs) {
                expectedCalls++;
            }
            clock.advance(Duration.ofMillis(advances.get(i)));
        }
        long runningFor = stopped ? advances.subList(0, stopAfter).stream().mapToLong(Integer::longValue).sum() : elapsed;

        String what = "interval " + intervalMs + " ms, now " + now + ", advances " + advances + ", stop after " + stopAfter + ": counts " + counts;
        assertEquals(expectedCalls, counts.size(), "one call per advance into a new interval: " + what);
        assertTrue(counts.stream().allMatch(n -> n >= 1), "every count is at least 1: " + what);
        assertEquals(runningFor / intervalMs + (now ? 1 : 0), counts.stream().mapToLong(Integer::longValue).sum(),
                "counts add up to floor(elapsed / interval): " + what);
        assertEquals(stopped ? List.of(loop) : List.of(), fired, "the start Deferred fires on stop: " + what);
        assertEquals(!stopped, loop.isRunning(), what);
    }
}
