package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * An inline-callbacks body (awaits of fired, pending and failing Deferreds, try/catch, loops,
 * throws) behaves exactly like the explicit callback chain that does the same steps: the same
 * steps run with the same values, in the same order relative to the fires, the result is the same,
 * a cancel at any point has the same effect, and the awaited Deferreds are left in the same state.
 */
@AddLifecycleHook(ScaledTries.class)
class InlineCallbacksProperties {

    enum Input { FIRED_VALUE, FIRED_FAILURE, PENDING_VALUE, PENDING_FAILURE }

    sealed interface Stmt permits Await, TryAwait, Loop, Throw {}

    /** {@code acc += co.await(d<k>)}. */
    record Await(int k) implements Stmt {}

    /** {@code try { acc += co.await(d<k>) } catch (Boom e) (or Exception e, with all) { acc += "!" + e }}. */
    record TryAwait(int k, boolean all) implements Stmt {}

    /** {@code for (i < n) acc += co.await(Deferred.succeed("L" + i))}. */
    record Loop(int n) implements Stmt {}

    /** {@code throw new Boom("body")}. */
    record Throw() implements Stmt {}

    /**
     * @param fireOrder the pending inputs, in the order they are fired after the body started
     * @param cancelAt cancel the body's Deferred before the {@code cancelAt}-th fire (-1: never)
     */
    record Case(List<Input> inputs, List<Stmt> body, List<Integer> fireOrder, int cancelAt) {}

    @Property(tries = 1000)
    void bodyBehavesLikeTheExplicitChain(@ForAll("cases") Case c) {
        Statistics.label("mechanism").collect(InlineCallbacks.mechanism().split(" ")[0]);
        assertEquals(String.join("\n", run(c, true)), String.join("\n", run(c, false)),
                c + " (expected: the inline body; actual: the callback chain; mechanism " + InlineCallbacks.mechanism() + ")");
    }

    private static List<String> run(Case c, boolean inline) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Deferred<String>> d = new ArrayList<>();
        for (int k = 0; k < c.inputs.size(); k++) {
            Deferred<String> in = new Deferred<>();
            switch (c.inputs.get(k)) {
                case FIRED_VALUE -> in.callback("v" + k);
                case FIRED_FAILURE -> in.errback(new Boom("e" + k));
                default -> { }
            }
            d.add(in);
        }
        Deferred<String> result = inline ? body(c, d, log) : chain(c, d, log);
        result.addBoth(t -> {
            log.add("result: " + Trace.render(t.isSuccess() ? t.get() : t.getCause()));
            return null;
        });
        for (int i = 0; i <= c.fireOrder.size(); i++) {
            if (i == c.cancelAt) {
                log.add("cancel");
                result.cancel();
            }
            if (i < c.fireOrder.size()) {
                int k = c.fireOrder.get(i);
                log.add("fire " + k);
                if (c.inputs.get(k) == Input.PENDING_VALUE) {
                    d.get(k).callback("v" + k);
                } else {
                    d.get(k).errback(new Boom("e" + k));
                }
            }
        }
        for (int k = 0; k < d.size(); k++) {
            String[] seen = {null};
            d.get(k).addBoth(t -> {
                seen[0] = Trace.render(t.isSuccess() ? t.get() : t.getCause());
                return null;
            });
            log.add("d" + k + ": " + (seen[0] == null ? "pending" : seen[0]));
        }
        return log;
    }

    private static Deferred<String> body(Case c, List<Deferred<String>> d, List<String> log) {
        return InlineCallbacks.run(co -> {
            String acc = "";
            for (Stmt s : c.body) {
                switch (s) {
                    case Await a -> acc = got(log, a.k, acc, co.await(d.get(a.k)));
                    case TryAwait t -> {
                        try {
                            acc = got(log, t.k, acc, co.await(d.get(t.k)));
                        } catch (Exception e) {
                            if (!(e instanceof Boom) && !t.all) {
                                throw e;
                            }
                            acc = caught(log, t.k, acc, e);
                        }
                    }
                    case Loop l -> {
                        for (int i = 0; i < l.n; i++) {
                            acc = acc + co.await(Deferred.succeed("L" + i));
                        }
                    }
                    case Throw x -> throw new Boom("body");
                }
            }
            return acc;
        });
    }

    private static Deferred<String> chain(Case c, List<Deferred<String>> d, List<String> log) {
        Deferred<String> chain = Deferred.succeed("");
        for (Stmt s : c.body) {
            switch (s) {
                case Await a -> chain.addCallbackDeferred(acc -> d.get(a.k).addCallback(v -> got(log, a.k, acc, v)));
                case TryAwait t -> chain.addCallbackDeferred(acc -> d.get(t.k).addCallbacks(v -> got(log, t.k, acc, v), e -> {
                    if (!(e instanceof Boom) && !t.all) {
                        throw e;
                    }
                    return caught(log, t.k, acc, e);
                }));
                case Loop l -> {
                    for (int i = 0; i < l.n; i++) {
                        String item = "L" + i;
                        chain.addCallbackDeferred(acc -> Deferred.succeed(item).addCallback(v -> acc + v));
                    }
                }
                case Throw x -> chain.addCallback(acc -> {
                    throw new Boom("body");
                });
            }
        }
        return chain;
    }

    private static String got(List<String> log, int k, String acc, String v) {
        log.add("got d" + k + " = " + v);
        return acc + v;
    }

    private static String caught(List<String> log, int k, String acc, Throwable e) {
        log.add("caught from d" + k + ": " + Trace.render(e));
        return acc + "!" + Trace.render(e);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 5).flatMap(n -> {
            Arbitrary<Integer> k = Arbitraries.integers().between(0, n - 1);
            Arbitrary<Stmt> stmt = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(4, k.map(Await::new)),
                    net.jqwik.api.Tuple.of(3, Combinators.combine(k, Arbitraries.of(false, true)).as(TryAwait::new)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 3).map(Loop::new)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(new Throw())));
            return Combinators.combine(Arbitraries.of(Input.class).list().ofSize(n), stmt.list().ofMaxSize(7),
                            Arbitraries.shuffle(IntStream.range(0, n).boxed().toList()), Arbitraries.integers().between(-1, n))
                    .as((inputs, body, order, cancelAt) -> {
                        List<Integer> pending = order.stream()
                                .filter(i -> inputs.get(i) == Input.PENDING_VALUE || inputs.get(i) == Input.PENDING_FAILURE).toList();
                        return new Case(inputs, body, pending, Math.min(cancelAt, pending.size()));
                    });
        });
    }
}
