package dev.deferred;

import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Try;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The thread-safety contract: fire, add and cancel from any thread; callbacks of one Deferred run
 * one at a time, in order, each exactly once. Every wait is bounded; threads start together on a
 * barrier so they really race.
 */
class DeferredThreadsTest {
    private static final int ROUNDS = 300;
    private static final int ADDERS = 3;
    private static final int PER_ADDER = 100;
    private static final long TIMEOUT_S = 60;

    private final ExecutorService pool = Executors.newFixedThreadPool(ADDERS + 1);

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS));
    }

    private record Call(int adder, int index) {}

    @Test
    void firingAndAddingFromSeveralThreadsRunsEachCallbackOnceInOrderNeverConcurrently() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> d = new Deferred<>();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
            CyclicBarrier start = new CyclicBarrier(ADDERS + 1);
            List<Future<?>> tasks = new ArrayList<>();
            for (int a = 0; a < ADDERS; a++) {
                int adder = a;
                tasks.add(pool.submit(() -> {
                    start.await(TIMEOUT_S, TimeUnit.SECONDS);
                    for (int i = 0; i < PER_ADDER; i++) {
                        Call call = new Call(adder, i);
                        d.addCallback(x -> {
                            if (inFlight.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            calls.add(call);
                            for (int spin = 0; spin < 20; spin++) {
                                Thread.onSpinWait(); // widen the window in which an overlap would show
                            }
                            inFlight.decrementAndGet();
                            return x + 1;
                        });
                    }
                    return null;
                }));
            }
            int fireAfter = round % (PER_ADDER + 1);
            tasks.add(pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                // Let the adders get a varying head start, without sleeping.
                for (int spin = 0; spin < fireAfter * 50; spin++) {
                    Thread.onSpinWait();
                }
                d.callback(1000);
                return null;
            }));
            for (Future<?> t : tasks) {
                t.get(TIMEOUT_S, TimeUnit.SECONDS);
            }

            assertEquals(0, overlaps.get(), "two callbacks of one Deferred ran at the same time");
            assertEquals(ADDERS * PER_ADDER, calls.size(), "each callback runs exactly once");
            int[] next = new int[ADDERS];
            for (Call c : calls) {
                assertEquals(next[c.adder()], c.index(), "callbacks of adder " + c.adder() + " out of order");
                next[c.adder()]++;
            }
            // Each callback passed its result on: the value counts them all.
            assertEquals(1000 + ADDERS * PER_ADDER, successResultOf(d));
        }
    }

    @Test
    void racingFiresHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> d = new Deferred<>();
            CyclicBarrier start = new CyclicBarrier(ADDERS + 1);
            AtomicInteger refused = new AtomicInteger();
            Set<Integer> winners = ConcurrentHashMap.newKeySet();
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t <= ADDERS; t++) {
                int value = t;
                tasks.add(pool.submit(() -> {
                    start.await(TIMEOUT_S, TimeUnit.SECONDS);
                    try {
                        d.callback(value);
                        winners.add(value);
                    } catch (AlreadyCalledException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> t : tasks) {
                t.get(TIMEOUT_S, TimeUnit.SECONDS);
            }
            assertEquals(1, winners.size());
            assertEquals(ADDERS, refused.get());
            assertEquals(winners.iterator().next(), successResultOf(d));
        }
    }

    @Test
    void cancelRacingWithCallbackGivesOneConsistentOutcome() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<String> d = new Deferred<>();
            AtomicInteger seen = new AtomicInteger();
            d.addBoth(t -> {
                seen.incrementAndGet();
                return t.get(); // passes a failure on
            });
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> canceller = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                d.cancel();
                return null;
            });
            Future<?> firer = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                d.callback("value"); // never throws: either first, or the one swallowed result
                return null;
            });
            canceller.get(TIMEOUT_S, TimeUnit.SECONDS);
            firer.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(1, seen.get());
            Try<String> outcome = successResultOfTry(d);
            assertTrue(outcome.isSuccess() ? outcome.get().equals("value")
                    : outcome.getCause() instanceof CancellationException, outcome::toString);
        }
    }

    @Test
    void anInnerDeferredFiredOnAnotherThreadResumesTheOuterExactlyOnce() throws Exception {
        for (int round = 0; round < ROUNDS * 3; round++) {
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> outer = new Deferred<>();
            AtomicInteger after = new AtomicInteger();
            outer.addCallbackDeferred(x -> inner).addCallback(v -> {
                after.incrementAndGet();
                return v * 2;
            });
            CyclicBarrier start = new CyclicBarrier(3);
            Future<?> fireOuter = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                outer.callback(0);
                return null;
            });
            Future<?> fireInner = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                inner.callback(21);
                return null;
            });
            Future<?> addToOuter = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                outer.addCallback(v -> {
                    after.incrementAndGet();
                    return v + 1;
                });
                return null;
            });
            fireOuter.get(TIMEOUT_S, TimeUnit.SECONDS);
            fireInner.get(TIMEOUT_S, TimeUnit.SECONDS);
            addToOuter.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(2, after.get());
            assertEquals(43, successResultOf(outer));
        }
    }

    @Test
    void chainDeferredWithCallbacksAddedFromOtherThreadsRunsEachOnceInOrder() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> d1 = new Deferred<>();
            Deferred<Integer> d2 = new Deferred<>();
            ConcurrentLinkedQueue<String> d1Calls = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> d2Calls = new ConcurrentLinkedQueue<>();
            d1.chainDeferred(d2);
            CyclicBarrier start = new CyclicBarrier(3);
            Future<?> fire = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                d1.callback(1);
                return null;
            });
            Future<?> add1 = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                for (int i = 0; i < 50; i++) {
                    String name = "d1-" + i;
                    d1.addCallback(x -> {
                        d1Calls.add(name);
                        return x;
                    });
                }
                return null;
            });
            Future<?> add2 = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                for (int i = 0; i < 50; i++) {
                    String name = "d2-" + i;
                    d2.addCallback(x -> {
                        d2Calls.add(name);
                        return x;
                    });
                }
                return null;
            });
            fire.get(TIMEOUT_S, TimeUnit.SECONDS);
            add1.get(TIMEOUT_S, TimeUnit.SECONDS);
            add2.get(TIMEOUT_S, TimeUnit.SECONDS);
            List<String> expected1 = new ArrayList<>();
            List<String> expected2 = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected1.add("d1-" + i);
                expected2.add("d2-" + i);
            }
            assertEquals(expected1, List.copyOf(d1Calls));
            assertEquals(expected2, List.copyOf(d2Calls));
            assertEquals(1, successResultOf(d2));
        }
    }

    @Test
    void pauseAndUnpauseFromAnotherThreadWhileTheChainRunsLoseNothing() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> d = new Deferred<>();
            ConcurrentLinkedQueue<Integer> calls = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                d.addCallback(x -> {
                    calls.add(n);
                    return x + 1;
                });
            }
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> fire = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                d.callback(0);
                return null;
            });
            Future<?> toggler = pool.submit(() -> {
                start.await(TIMEOUT_S, TimeUnit.SECONDS);
                for (int i = 0; i < 50; i++) {
                    d.pause();
                    d.unpause();
                }
                return null;
            });
            fire.get(TIMEOUT_S, TimeUnit.SECONDS);
            toggler.get(TIMEOUT_S, TimeUnit.SECONDS);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add(i);
            }
            assertEquals(expected, List.copyOf(calls));
            assertEquals(100, successResultOf(d));
        }
    }

    @Test
    void cancellingAWaitingOuterFromAnotherThreadReachesTheInner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> outer = Deferred.succeed(0).addCallbackDeferred(x -> inner);
            pool.submit(() -> {
                outer.cancel();
                return null;
            }).get(TIMEOUT_S, TimeUnit.SECONDS);
            failureResultOf(outer, CancellationException.class);
        }
    }

    private static <T> Try<T> successResultOfTry(Deferred<T> d) {
        List<Try<T>> out = new ArrayList<>();
        d.addBoth(t -> {
            out.add(t);
            return null;
        });
        assertEquals(1, out.size());
        return out.get(0);
    }
}
