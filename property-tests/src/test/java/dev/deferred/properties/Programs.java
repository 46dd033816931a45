package dev.deferred.properties;

import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Canceller;
import dev.deferred.properties.Program.Kind;
import dev.deferred.properties.Program.Op;
import dev.deferred.properties.Program.Outcome;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generators of random {@link Program}s. Everything shrinks towards simple: fewer statements,
 * the root Deferred and low indices, no canceller, plain callbacks returning values.
 */
final class Programs {
    private Programs() {}

    /** Any program: up to {@code maxOps} statements over d0..n6, with side effects inside callbacks. */
    static Arbitrary<Program> programs(int maxOps) {
        return programs(maxOps, 1);
    }

    /** As {@link #programs(int)}, with errbacks {@code failWeight} times as likely (1 = usual). */
    static Arbitrary<Program> programs(int maxOps, int failWeight) {
        // Most programs fire the root somewhere (before, during or after building its chain):
        // a root that is never fired runs nothing worth comparing.
        Arbitrary<Op> rootFire = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(new Program.Fire(0, ""))),
                Tuple.of(2 * failWeight, Arbitraries.just(new Program.Fail(0, ""))),
                Tuple.of(1, Arbitraries.just(new Program.Cancel(0))),
                Tuple.of(1, Arbitraries.just((Op) null)));
        return Combinators.combine(cancellers(), op(false, failWeight).list().ofMaxSize(maxOps),
                        Arbitraries.integers().between(0, maxOps), rootFire)
                .as((cancellers, ops, at, fire) -> {
                    List<Op> all = new ArrayList<>(ops);
                    if (fire != null) {
                        all.add(Math.min(at, all.size()), fire);
                    }
                    return Program.of(cancellers, all);
                });
    }

    static Arbitrary<List<Canceller>> cancellers() {
        return Arbitraries.of(Canceller.class).list().ofSize(Program.DEFERREDS);
    }

    /** A Deferred index; the root is picked about as often as all nested ones together. */
    static Arbitrary<Integer> deferred() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0)),
                Tuple.of(6, Arbitraries.integers().between(1, Program.DEFERREDS - 1)));
    }

    /** A statement; {@code inside} for side effects of a callback (no nesting deeper, no clock). */
    static Arbitrary<Op> op(boolean inside, int failWeight) {
        Arbitrary<Integer> d = deferred();
        List<Tuple2<Integer, Arbitrary<Op>>> choices = new ArrayList<>();
        choices.add(weighted(10, add(d, inside, failWeight)));
        choices.add(weighted(4, d.map(i -> new Program.Fire(i, ""))));
        choices.add(weighted(failWeight, d.map(i -> new Program.Fail(i, ""))));
        choices.add(weighted(2, d.map(Program.Cancel::new)));
        choices.add(weighted(1, d.map(Program.Pause::new)));
        choices.add(weighted(1, d.map(Program.Unpause::new)));
        choices.add(weighted(2, Combinators.combine(d, Arbitraries.integers().between(0, 3)).as(Program.Timeout::new)));
        choices.add(weighted(1, Arbitraries.integers().between(0, Program.DEFERREDS - 2)
                .flatMap(from -> Arbitraries.integers().between(from + 1, Program.DEFERREDS - 1)
                        .map(to -> new Program.Chain(from, to)))));
        if (!inside) {
            choices.add(weighted(2, Arbitraries.integers().between(1, 3).map(Program.Advance::new)));
        }
        return Arbitraries.frequencyOf(choices);
    }

    private static Arbitrary<Op> add(Arbitrary<Integer> d, boolean inside, int failWeight) {
        return d.flatMap(owner -> Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.of(Program.TRAPPABLE),
                        action(owner, inside, failWeight),
                        action(owner, inside, failWeight))
                .as((kind, trap, cb, eb) -> new Add(owner, kind, kind.plain() == Kind.TRAP ? trap : null,
                        Program.usesCallbackSide(kind) ? cb : null,
                        Program.usesErrbackSide(kind) && kind.plain() != Kind.BOTH ? eb : null, "")));
    }

    static Arbitrary<Action> action(int owner, boolean inside, int failWeight) {
        Arbitrary<List<Op>> effects = inside
                ? Arbitraries.just(List.of())
                : Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.just(List.<Op>of())),
                        Tuple.of(1, op(true, failWeight).list().ofMinSize(1).ofMaxSize(2)));
        return Combinators.combine(effects, outcome(owner)).as(Action::new);
    }

    static Arbitrary<Outcome> outcome(int owner) {
        List<Tuple2<Integer, Arbitrary<Outcome>>> choices = new ArrayList<>();
        choices.add(weighted(4, Arbitraries.just(new Program.Value())));
        choices.add(weighted(2, Arbitraries.just(new Program.Pass())));
        choices.add(weighted(2, Arbitraries.of(false, true).map(Program.Throw::new)));
        if (owner < Program.DEFERREDS - 1) {
            choices.add(weighted(4, Arbitraries.integers().between(owner + 1, Program.DEFERREDS - 1).map(Program.Return::new)));
        }
        choices.add(weighted(1, Arbitraries.just(new Program.ReturnSelf())));
        return Arbitraries.frequencyOf(choices);
    }

    /** A weighted alternative, widened to the common type (jqwik's frequencyOf wants one type). */
    private static <T> Tuple2<Integer, Arbitrary<T>> weighted(int weight, Arbitrary<? extends T> a) {
        return Tuple.of(weight, a.map(x -> (T) x));
    }
}
