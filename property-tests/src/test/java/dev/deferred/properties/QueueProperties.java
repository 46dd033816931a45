package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deferred.Deferred;
import dev.deferred.DeferredQueue;
import dev.deferred.QueueOverflowException;
import dev.deferred.QueueUnderflowException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * {@code DeferredQueue(size, backlog)} as a jqwik action chain against a model: a FIFO of items
 * and a FIFO of waiting gets; put hands to the oldest waiting get or queues (overflow beyond
 * {@code size}); get takes the oldest item or waits (underflow beyond {@code backlog}); a
 * cancelled waiting get leaves the line and fails.
 */
@AddLifecycleHook(ScaledTries.class)
class QueueProperties {

    static final class Q {
        final int size;
        final int backlog;
        final DeferredQueue<String> queue;
        final List<Deferred<String>> gets = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        int puts;
        // the model
        final Deque<String> items = new ArrayDeque<>();
        final Deque<Integer> line = new ArrayDeque<>();
        final List<String> expected = new ArrayList<>();

        Q(int size, int backlog) {
            this.size = size;
            this.backlog = backlog;
            this.queue = new DeferredQueue<>(size, backlog);
        }

        void check() {
            assertEquals(items.size(), queue.getPendingCount(), "items waiting");
            assertEquals(line.size(), queue.getWaitingCount(), "gets waiting");
            assertEquals(expected, seen, "what each get's Deferred showed");
        }

        @Override
        public String toString() {
            return "DeferredQueue(" + size + ", " + backlog + ")";
        }
    }

    @Property(tries = 300)
    void queueFollowsTheModel(@ForAll("chains") ActionChain<Q> chain) {
        chain.withInvariant("matches the model", Q::check).run();
    }

    @Provide
    Arbitrary<ActionChain<Q>> chains() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
                .as((size, backlog) -> (java.util.function.Supplier<Q>) () -> new Q(size, backlog))
                .flatMap(q -> ActionChain.startWith(q)
                        .withAction(3, Action.just(Transformer.mutate("put", QueueProperties::put)))
                        .withAction(3, Action.just(Transformer.mutate("get", QueueProperties::get)))
                        .withAction(1, new CancelGet())
                        .withMaxTransformations(30));
    }

    private static void put(Q q) {
        String item = "i" + q.puts++;
        Integer next = q.line.peek();
        if (next == null && q.items.size() >= q.size) {
            assertThrows(QueueOverflowException.class, () -> q.queue.put(item));
            return;
        }
        q.queue.put(item);
        if (next != null) {
            q.line.poll();
            q.expected.set(next, item);
        } else {
            q.items.add(item);
        }
    }

    private static void get(Q q) {
        if (q.items.isEmpty() && q.line.size() >= q.backlog) {
            assertThrows(QueueUnderflowException.class, q.queue::get);
            return;
        }
        int id = q.gets.size();
        q.seen.add("waiting");
        Deferred<String> d = q.queue.get();
        q.gets.add(d);
        d.addBoth(t -> {
            q.seen.set(id, t.isSuccess() ? t.get() : Trace.render(t.getCause()));
            return null;
        });
        String item = q.items.poll();
        if (item != null) {
            q.expected.add(item);
        } else {
            q.line.add(id);
            q.expected.add("waiting");
        }
    }

    /** Cancel get number i: a waiting one leaves the line and fails; a fired one is unaffected. */
    static final class CancelGet implements Action.Dependent<Q> {
        @Override
        public boolean precondition(Q q) {
            return !q.gets.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<Q>> transformer(Q state) {
            return Arbitraries.integers().between(0, state.gets.size() - 1).map(i -> Transformer.mutate("cancel get " + i, q -> {
                q.gets.get(i).cancel();
                if (q.line.remove(i)) {
                    q.expected.set(i, "CancellationException");
                }
            }));
        }
    }
}
