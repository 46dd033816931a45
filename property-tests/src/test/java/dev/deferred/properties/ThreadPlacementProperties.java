package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    @Property(tries = 1000)
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
        return LinearCase.cases().map(ThreadPlacementProperties::deterministic).flatMap(c -> Combinators.combine(
                        Arbitraries.integers().between(0, THREADS - 1),
                        Arbitraries.integers().between(0, c.rootAdds().size()),
                        Arbitraries.integers().between(1, THREADS - 1).list().ofSize(c.late().size()))
                .as((rootThread, pos, lateThreads) -> new Placed(c, rootThread, pos, lateThreads)));
    }

    /**
     * Removes what would make the outcome depend on the interleaving, and so not a property:
     * two fires of one nested Deferred (which one throws AlreadyCalled depends on the order), and
     * one nested Deferred returned by callbacks of two different Deferreds (which of them takes
     * its result, leaving the other null, depends on the order). Such returns become plain values.
     */
    private static LinearCase deterministic(LinearCase c) {
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
        Map<Integer, Integer> ownerOf = new HashMap<>();
        List<Op> setup = new ArrayList<>();
        for (Op op : c.nestedSetup()) {
            setup.add(oneOwner((Add) op, ownerOf));
        }
        List<Op> rootAdds = new ArrayList<>();
        for (Op op : c.rootAdds()) {
            rootAdds.add(oneOwner((Add) op, ownerOf));
        }
        return new LinearCase(setup, early, rootAdds, c.rootFire(), late);
    }

    private static Add oneOwner(Add a, Map<Integer, Integer> ownerOf) {
        return new Add(a.d(), a.kind(), a.trap(), oneOwner(a.d(), a.cb(), ownerOf), oneOwner(a.d(), a.eb(), ownerOf), a.label());
    }

    private static Action oneOwner(int owner, Action action, Map<Integer, Integer> ownerOf) {
        if (action != null && action.outcome() instanceof Program.Return r
                && ownerOf.computeIfAbsent(r.d(), k -> owner) != owner) {
            return new Action(action.effects(), new Program.Value());
        }
        return action;
    }

    private static int target(Op op) {
        return switch (op) {
            case Program.Fire f -> f.d();
            case Program.Fail f -> f.d();
            default -> throw new IllegalArgumentException(op.toString());
        };
    }
}
