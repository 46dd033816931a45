package dev.deferred.properties;

import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Canceller;
import dev.deferred.properties.Program.Kind;
import dev.deferred.properties.Program.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A program whose outcome cannot depend on when the root is fired relative to its adds: callbacks
 * have no side effects, nested Deferreds are fired either before everything ({@code early}) or
 * after everything ({@code late}). Used to check that adding before or after firing is the same,
 * and that spreading the statements over threads changes nothing.
 *
 * @param nestedSetup adds on nested Deferreds (made before anything else)
 * @param early fires of nested Deferreds made after their setup
 * @param rootAdds the root's chain, in order
 * @param rootFire the root's fire
 * @param late fires of nested Deferreds made after everything else
 */
record LinearCase(List<Op> nestedSetup, List<Op> early, List<Op> rootAdds, Op rootFire, List<Op> late) {

    /**
     * The program with the root fired after {@code firePos} of its adds. Labels are given in one
     * canonical order first, so that every placement of the fire names the same steps alike.
     */
    Program withFireAt(int firePos) {
        List<Op> canonical = new ArrayList<>(nestedSetup);
        canonical.addAll(early);
        canonical.add(rootFire);
        canonical.addAll(rootAdds);
        canonical.addAll(late);
        List<Op> labelled = Program.of(Collections.nCopies(Program.DEFERREDS, Canceller.NONE), canonical).ops();
        int base = nestedSetup.size() + early.size();
        List<Op> ops = new ArrayList<>(labelled.subList(0, base));
        List<Op> adds = labelled.subList(base + 1, base + 1 + rootAdds.size());
        ops.addAll(adds.subList(0, firePos));
        ops.add(labelled.get(base));
        ops.addAll(adds.subList(firePos, adds.size()));
        ops.addAll(labelled.subList(base + 1 + rootAdds.size(), labelled.size()));
        return new Program(Collections.nCopies(Program.DEFERREDS, Canceller.NONE), ops);
    }

    static Arbitrary<LinearCase> cases() {
        Arbitrary<Op> nestedAdd = Arbitraries.integers().between(1, Program.DEFERREDS - 1).flatMap(LinearCase::add);
        Arbitrary<Op> nestedFire = Arbitraries.integers().between(1, Program.DEFERREDS - 1)
                .flatMap(d -> Arbitraries.of(new Program.Fire(d, ""), new Program.Fail(d, "")));
        Arbitrary<Op> rootFire = Arbitraries.of(new Program.Fire(0, ""), new Program.Fail(0, ""));
        return Combinators.combine(
                        nestedAdd.list().ofMaxSize(6),
                        nestedFire.list().ofMaxSize(4),
                        add(0).list().ofMaxSize(10),
                        rootFire,
                        nestedFire.list().ofMaxSize(4))
                .as(LinearCase::new);
    }

    /** An add on {@code d} whose functions have no side effects (they may return later Deferreds). */
    static Arbitrary<Op> add(int d) {
        Arbitrary<Action> action = Programs.outcome(d).map(o -> new Action(List.of(), o));
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.of(Program.TRAPPABLE), action, action)
                .as((kind, trap, cb, eb) -> new Add(d, kind, kind.plain() == Kind.TRAP ? trap : null,
                        Program.usesCallbackSide(kind) ? cb : null,
                        Program.usesErrbackSide(kind) && kind.plain() != Kind.BOTH ? eb : null, ""));
    }

    @Override
    public String toString() {
        return withFireAt(rootAdds.size()).toString();
    }
}
