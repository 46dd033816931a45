package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import io.vavr.control.Try;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * DeferredContext: random chains, their steps added on random threads under random contexts (or
 * none), fired on random threads that have no context (some steps wait on a Deferred fired by yet
 * another thread): every step runs, and each step added under a context sees that context.
 *
 * <p>A step added with no context is stored bare and runs in the context of whichever thread runs
 * the chain at that moment; here that may be a thread that added a step under a context to the
 * fired Deferred and so ran the rest of its chain from inside its {@code with}. So for those steps
 * the property checks only that they ran.
 */
@AddLifecycleHook(ScaledTries.class)
class ContextProperties {
    private static final int THREADS = 3;
    private static final ContextKey<String> REQUEST = ContextKey.named("request");

    enum Kind { BOTH, THROW, CALLBACKS, WAIT }

    /** One step: which chain, under which context (0: none), what it does, on which thread it is added. */
    record Step(int root, int context, Kind kind, int thread) {}

    @Provide
    Arbitrary<Step> step() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3),
                Arbitraries.of(Kind.class), Arbitraries.integers().between(0, THREADS - 1)).as(Step::new);
    }

    @Property(tries = 300)
    void everyStepSeesTheContextItWasAddedUnder(
            @ForAll @IntRange(min = 1, max = 3) int roots,
            @ForAll @Size(max = 14) List<@net.jqwik.api.From("step") Step> steps,
            @ForAll @Size(3) List<@IntRange(min = 0, max = THREADS - 1) Integer> fireThreads,
            @ForAll @Size(3) List<@IntRange(min = 0, max = 100) Integer> firePlaces) throws InterruptedException {
        List<Deferred<Object>> ds = new ArrayList<>();
        for (int r = 0; r < roots; r++) {
            ds.add(new Deferred<>());
        }
        Map<Integer, String> seen = new ConcurrentHashMap<>();
        BlockingQueue<Deferred<Object>> inners = new LinkedBlockingQueue<>();
        List<List<Runnable>> perThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            perThread.add(new ArrayList<>());
        }
        int waits = 0;
        Map<Integer, String> expected = new TreeMap<>();
        for (int id = 0; id < steps.size(); id++) {
            Step s = steps.get(id);
            if (s.root >= roots) {
                continue;
            }
            expected.put(id, s.context == 0 ? ANY : "c" + s.context);
            if (s.kind == Kind.WAIT) {
                waits++;
            }
            int stepId = id;
            Deferred<Object> d = ds.get(s.root);
            Runnable add = () -> addStep(d, s.kind, stepId, seen, inners);
            perThread.get(s.thread).add(s.context == 0 ? add : () -> DeferredContext.with(REQUEST, "c" + s.context, add));
        }
        for (int r = 0; r < roots; r++) {
            Deferred<Object> d = ds.get(r);
            List<Runnable> mine = perThread.get(fireThreads.get(r));
            mine.add(firePlaces.get(r) % (mine.size() + 1), () -> d.callback("v"));
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (List<Runnable> ops : perThread) {
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                ops.forEach(Runnable::run);
            }));
        }
        int innerCount = waits;
        // Fires each Deferred a WAIT step returned, with no context, as it arrives.
        Thread innerFirer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < innerCount; i++) {
                try {
                    Deferred<Object> inner = inners.poll(30, TimeUnit.SECONDS);
                    if (inner == null) {
                        return;
                    }
                    inner.callback("inner");
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        start.countDown();
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(30)), "a thread did not finish");
        }
        assertTrue(innerFirer.join(Duration.ofSeconds(30)), "the inner firer did not finish");
        for (Deferred<Object> d : ds) {
            d.addErrback(e -> null); // the chains may end failed: consume that
        }
        Map<Integer, String> actual = new TreeMap<>(seen);
        expected.forEach((id, context) -> {
            if (context == ANY) {
                actual.computeIfPresent(id, (k, v) -> ANY);
            }
        });
        assertEquals(expected, actual);
    }

    /** The expectation for a step added with no context: it ran, in whatever context. */
    private static final String ANY = "(ran)";

    private static void addStep(Deferred<Object> d, Kind kind, int id, Map<Integer, String> seen,
                                BlockingQueue<Deferred<Object>> inners) {
        Runnable record = () -> seen.put(id, REQUEST.orElse("none"));
        switch (kind) {
            case BOTH -> d.addBoth((Try<Object> t) -> {
                record.run();
                return t.get();
            });
            case THROW -> d.addBoth(t -> {
                record.run();
                throw new IllegalStateException("step " + id);
            });
            case CALLBACKS -> d.addCallbacks(v -> {
                record.run();
                return v;
            }, e -> {
                record.run();
                return "recovered";
            });
            case WAIT -> d.addBothDeferred(t -> {
                record.run();
                Deferred<Object> inner = new Deferred<>();
                inners.add(inner);
                return inner;
            });
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
