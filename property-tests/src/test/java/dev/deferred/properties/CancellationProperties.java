package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.deferred.AlreadyCalledException;
import dev.deferred.Deferred;
import dev.deferred.properties.Program.Canceller;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.constraints.IntRange;

/** Cancellation never runs a canceller twice and never loses a result that arrived first. */
@AddLifecycleHook(ScaledTries.class)
class CancellationProperties {

    /** Over whole programs (re-entrant cancels, timeouts, waits on nested Deferreds): as often as the model says, at most once. */
    @Property(tries = 1000)
    void aCancellerRunsAtMostOnce(@ForAll("programs") Program p) {
        Runner r = new Runner(p);
        r.runOps(p.ops());
        int[] expected = Model.cancellerCalls(p);
        int[] actual = new int[Program.DEFERREDS];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = r.cancellerCalls.get(i);
            assertTrue(actual[i] <= 1, Program.name(i) + "'s canceller ran " + actual[i] + " times in" + p);
        }
        assertEquals(Arrays.toString(expected), Arrays.toString(actual), "canceller runs per Deferred in" + p);
    }

    /**
     * One {@code callback("v")} races {@code cancels} concurrent {@code cancel()} calls (or, with
     * {@code fireFirst}, completes before they start). Whatever the interleaving: the canceller
     * runs at most once; a value that was accepted (callback returned normally) is the result,
     * except that a Deferred without a canceller silently swallows one fire after its cancel; a
     * value that arrived first is never replaced; callbacks run exactly once.
     */
    @Property(tries = 300)
    void cancelRacingAFireNeverLosesAnAcceptedResult(@ForAll Canceller kind, @ForAll boolean fireFirst,
                                                     @ForAll @IntRange(min = 1, max = 3) int cancels) throws Exception {
        AtomicInteger cancellerRuns = new AtomicInteger();
        Consumer<Deferred<Object>> behaviour = switch (kind) {
            case NONE -> null;
            case DOES_NOTHING -> self -> { };
            case CALLS_BACK -> self -> self.callback("c");
            case ERRS_BACK -> self -> self.errback(new Boom("c"));
            case THROWS -> self -> {
                throw new Boom("k");
            };
            case CANCELS_AGAIN -> Deferred::cancel;
        };
        Deferred<Object> d = behaviour == null ? new Deferred<>() : new Deferred<>(self -> {
            cancellerRuns.incrementAndGet();
            behaviour.accept(self);
        });
        List<String> seen = new CopyOnWriteArrayList<>();
        d.addBoth(t -> {
            seen.add(Trace.render(t.isSuccess() ? t.get() : t.getCause()));
            return null;
        });

        String[] fireOutcome = {"not run"};
        Runnable fire = () -> {
            try {
                d.callback("v");
                fireOutcome[0] = "accepted";
            } catch (AlreadyCalledException e) {
                fireOutcome[0] = "AlreadyCalled";
            }
        };
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        if (fireFirst) {
            fire.run();
        } else {
            threads.add(startAfter(start, fire));
        }
        for (int i = 0; i < cancels; i++) {
            threads.add(startAfter(start, () -> {
                try {
                    d.cancel();
                } catch (Boom | AlreadyCalledException expectedFromCanceller) {
                    // THROWS propagates from cancel(); a canceller that fires after the value
                    // arrived gets AlreadyCalled. Both are the canceller's business.
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            if (t.isAlive()) {
                fail("a thread was still running after 10 s: kind " + kind + ", fireFirst " + fireFirst);
            }
        }

        String what = "canceller " + kind + ", fireFirst " + fireFirst + ", " + cancels + " cancels, fire " + fireOutcome[0] + ", seen " + seen;
        assertTrue(cancellerRuns.get() <= 1, "canceller ran " + cancellerRuns.get() + " times: " + what);
        if (kind == Canceller.THROWS && !fireOutcome[0].equals("accepted")) {
            // The canceller threw before firing: the Deferred stays unfired (ours: it never runs again).
            assertTrue(seen.isEmpty() || seen.equals(List.of("v")), what);
            return;
        }
        assertEquals(1, seen.size(), "the callback runs exactly once: " + what);
        String result = seen.get(0);
        if (fireFirst) {
            assertEquals("v", result, "a value that arrived first is kept: " + what);
            assertEquals(0, cancellerRuns.get(), "no canceller on a fired Deferred: " + what);
        }
        if (fireOutcome[0].equals("accepted") && kind != Canceller.NONE) {
            assertEquals("v", result, "an accepted value is the result: " + what);
        }
        if (fireOutcome[0].equals("AlreadyCalled")) {
            assertTrue(!result.equals("v"), what);
        }
        List<String> allowed = switch (kind) {
            case CALLS_BACK -> List.of("v", "c");
            case ERRS_BACK -> List.of("v", "Boom:c");
            default -> List.of("v", "CancellationException");
        };
        assertTrue(allowed.contains(result), "unexpected result: " + what);
    }

    private static Thread startAfter(CountDownLatch start, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        t.start();
        return t;
    }

    @Provide
    Arbitrary<Program> programs() {
        return Programs.programs(30);
    }
}
