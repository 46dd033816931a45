package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deferred.Deferred;
import dev.deferred.DeferredLock;
import dev.deferred.DeferredSemaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * {@code DeferredLock} and {@code DeferredSemaphore} as jqwik action chains against a model of
 * free tokens and a FIFO line of waiting acquires: acquire, release, release too often,
 * cancel any acquire (waiting: it leaves the line and fails; holding: nothing happens).
 */
@AddLifecycleHook(ScaledTries.class)
class TokenPoolProperties {

    /** The primitive under test, the model, and what each acquire's Deferred has shown. */
    static final class Pool {
        final String name;
        final Supplier<Deferred<?>> acquire;
        final Runnable release;
        final IntSupplier free;
        final IntSupplier waitingNow;
        final int limit;
        final List<Deferred<?>> acquires = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        // the model
        int tokens;
        final Deque<Integer> line = new ArrayDeque<>();
        final List<String> expected = new ArrayList<>();

        Pool(String name, int limit, Supplier<Deferred<?>> acquire, Runnable release, IntSupplier free, IntSupplier waitingNow) {
            this.name = name;
            this.limit = limit;
            this.tokens = limit;
            this.acquire = acquire;
            this.release = release;
            this.free = free;
            this.waitingNow = waitingNow;
        }

        static Pool lock() {
            DeferredLock l = new DeferredLock();
            return new Pool("lock", 1, l::acquire, l::release, () -> l.isLocked() ? 0 : 1, l::getWaitingCount);
        }

        static Pool semaphore(int limit) {
            DeferredSemaphore s = new DeferredSemaphore(limit);
            return new Pool("semaphore(" + limit + ")", limit, s::acquire, s::release, s::getTokens, s::getWaitingCount);
        }

        void check() {
            assertEquals(tokens, free.getAsInt(), "free tokens");
            assertEquals(line.size(), waitingNow.getAsInt(), "waiting acquires");
            assertEquals(expected, seen, "what each acquire's Deferred showed");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Property(tries = 300)
    void lockFollowsTheModel(@ForAll("lockChains") ActionChain<Pool> chain) {
        chain.withInvariant("matches the model", Pool::check).run();
    }

    @Property(tries = 300)
    void semaphoreFollowsTheModel(@ForAll("semaphoreChains") ActionChain<Pool> chain) {
        chain.withInvariant("matches the model", Pool::check).run();
    }

    @Provide
    Arbitrary<ActionChain<Pool>> lockChains() {
        return chains(Arbitraries.just(1).map(n -> (Supplier<Pool>) Pool::lock));
    }

    @Provide
    Arbitrary<ActionChain<Pool>> semaphoreChains() {
        return chains(Arbitraries.integers().between(1, 3).map(n -> (Supplier<Pool>) () -> Pool.semaphore(n)));
    }

    private static Arbitrary<ActionChain<Pool>> chains(Arbitrary<Supplier<Pool>> pools) {
        return pools.flatMap(pool -> ActionChain.startWith(pool)
                .withAction(4, Action.just(Transformer.mutate("acquire", TokenPoolProperties::acquire)))
                .withAction(3, new Release())
                .withAction(1, new ReleaseTooOften())
                .withAction(2, new Cancel())
                .withMaxTransformations(30));
    }

    private static void acquire(Pool p) {
        int id = p.acquires.size();
        p.seen.add("waiting");
        Deferred<?> d = p.acquire.get();
        p.acquires.add(d);
        d.addBoth(t -> {
            p.seen.set(id, t.isSuccess() ? "held" : Trace.render(t.getCause()));
            return null;
        });
        if (p.tokens > 0) {
            p.tokens--;
            p.expected.add("held");
        } else {
            p.line.add(id);
            p.expected.add("waiting");
        }
    }

    /** Release while someone holds a token: the oldest waiting acquire gets it, at once. */
    static final class Release implements Action.Independent<Pool> {
        @Override
        public boolean precondition(Pool p) {
            return p.tokens < p.limit;
        }

        @Override
        public Arbitrary<Transformer<Pool>> transformer() {
            return Arbitraries.just(Transformer.mutate("release", p -> {
                p.release.run();
                Integer next = p.line.poll();
                if (next == null) {
                    p.tokens++;
                } else {
                    p.expected.set(next, "held");
                }
            }));
        }
    }

    /** Release with every token free: an error, and nothing changes. */
    static final class ReleaseTooOften implements Action.Independent<Pool> {
        @Override
        public boolean precondition(Pool p) {
            return p.tokens == p.limit;
        }

        @Override
        public Arbitrary<Transformer<Pool>> transformer() {
            return Arbitraries.just(Transformer.mutate("release too often", p -> assertThrows(IllegalStateException.class, p.release::run)));
        }
    }

    /** Cancel acquire number i: a waiting one leaves the line and fails; a holding one is unaffected. */
    static final class Cancel implements Action.Dependent<Pool> {
        @Override
        public boolean precondition(Pool p) {
            return !p.acquires.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Pool>> transformer(Pool state) {
            return Arbitraries.integers().between(0, state.acquires.size() - 1).map(i -> Transformer.mutate("cancel acquire " + i, p -> {
                p.acquires.get(i).cancel();
                if (p.line.remove(i)) {
                    p.expected.set(i, "CancellationException");
                }
            }));
        }
    }
}
