package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Thread safety: the statements of a {@link LinearCase} run on three threads at once (the root's
 * adds in order on one, the fires placed at random), and every Deferred still sees the callbacks,
 * arguments and final state the model gives for the sequential program; no two callbacks of one
 * Deferred ever overlap; nothing hangs (every join is bounded).
 */
@AddLifecycleHook(ScaledTries.class)
class ThreadPlacementProperties {
    private static final int THREADS = 3;

    /** A linear case with each fire placed on a thread; the root fire may share thread 0 at {@code firePos}. */
    record Placed(LinearCase c, int rootFireThread, int firePos, List<Integer> lateThreads) {
        @Override
        public String toString() {
            return "root fire on thread " + rootFireThread + (rootFireThread == 0 ? " after " + firePos + " adds" : "")
                    + ", late fires on threads " + lateThreads + c;
        }
    }

    @Property(tries = 300)
    void threadPlacementDoesNotChangeTheOutcome(@ForAll("placed") Placed p) throws InterruptedException {
        LinearCase c = p.c;
        int firePos = p.rootFireThread == 0 ? p.firePos : c.rootAdds().size();
        Program sequential = c.withFireAt(firePos);
        List<String> expected = Model.trace(sequential);

        // Same labels as the sequential program: take the labelled statements back out of it.
        List<Op> ops = sequential.ops();
        int setup = c.nestedSetup().size() + c.early().size();
        List<Op> adds = new ArrayList<>();
        Op rootFire = null;
        for (Op op : ops.subList(setup, setup + c.rootAdds().size() + 1)) {
            if (op instanceof Add a) {
                adds.add(a);
            } else {
                rootFire = op;
            }
        }
        List<Op> late = ops.subList(setup + c.rootAdds().size() + 1, ops.size());

        List<List<Op>> perThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            perThread.add(new ArrayList<>());
        }
        perThread.get(0).addAll(adds);
        perThread.get(p.rootFireThread).add(p.rootFireThread == 0 ? firePos : 0, rootFire);
        for (int i = 0; i < late.size(); i++) {
            perThread.get(p.lateThreads.get(i)).add(late.get(i));
        }

        Runner r = new Runner(sequential);
        r.runOps(ops.subList(0, setup));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (List<Op> mine : perThread) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                r.runOps(mine);
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            if (t.isAlive()) {
                threads.forEach(Thread::interrupt);
                fail("a thread was still running 10 s later (deadlock or lost wake-up):" + p);
            }
        }
        r.observeFinalStates(sequential.used());
        List<String> actual = new ArrayList<>(r.trace);
        for (int d = 0; d < Program.DEFERREDS; d++) {
            assertEquals(String.join("\n", of(d, expected, sequential)), String.join("\n", of(d, actual, sequential)),
                    "what " + Program.name(d) + " saw, with " + p);
        }
    }

    /** The trace lines about Deferred {@code d}: its callbacks, its final state, any complaint. */
    private static List<String> of(int d, List<String> trace, Program p) {
        Set<String> labels = new HashSet<>();
        for (Op op : p.ops()) {
            if (op instanceof Add a && a.d() == d) {
                labels.add(a.label());
            }
        }
        String name = Program.name(d) + ":";
        return trace.stream()
                .filter(l -> l.startsWith(name) || l.startsWith("!") && l.contains(Program.name(d))
                        || labels.contains(l.replaceAll("e?\\(.*", "")))
                .toList();
    }

    @Provide
    Arbitrary<Placed> placed() {
        return LinearCase.cases().map(ThreadPlacementProperties::withoutRepeatedFires).flatMap(c -> Combinators.combine(
                        Arbitraries.integers().between(0, THREADS - 1),
                        Arbitraries.integers().between(0, c.rootAdds().size()),
                        Arbitraries.integers().between(1, THREADS - 1).list().ofSize(c.late().size()))
                .as((rootThread, pos, lateThreads) -> new Placed(c, rootThread, pos, lateThreads)));
    }

    /**
     * Keeps one fire per nested Deferred: with two, which one throws AlreadyCalled would depend on
     * the interleaving, and so would the trace.
     */
    private static LinearCase withoutRepeatedFires(LinearCase c) {
        Set<Integer> fired = new HashSet<>();
        List<Op> early = new ArrayList<>();
        List<Op> late = new ArrayList<>();
        for (Op op : c.early()) {
            if (fired.add(target(op))) {
                early.add(op);
            }
        }
        for (Op op : c.late()) {
            if (fired.add(target(op))) {
                late.add(op);
            }
        }
        return new LinearCase(c.nestedSetup(), early, c.rootAdds(), c.rootFire(), late);
    }

    private static int target(Op op) {
        return switch (op) {
            case Program.Fire f -> f.d();
            case Program.Fail f -> f.d();
            default -> throw new IllegalArgumentException(op.toString());
        };
    }
}
