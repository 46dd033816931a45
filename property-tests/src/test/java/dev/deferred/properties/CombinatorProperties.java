package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deferred.Deferred;
import dev.deferred.DeferredList;
import dev.deferred.Deferreds;
import dev.deferred.FailureGroupException;
import dev.deferred.FirstErrorException;
import dev.deferred.Indexed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@code gatherResults}, {@code DeferredList} (with its options) and {@code race} against a small
 * model, over random inputs (values or failures), some fired before the combinator is built, the
 * rest fired in a random order, some never, and the combinator maybe cancelled part-way. The
 * trace shows when the combinator fires (between which fires) and with what, and what each input
 * holds afterwards for its own later callbacks.
 */
@AddLifecycleHook(ScaledTries.class)
class CombinatorProperties {

    enum Kind { LIST, LIST_FIRE_ON_ONE_ERRBACK, GATHER, FIRE_ON_ONE_CALLBACK, FIRE_ON_ONE_CALLBACK_OR_ERRBACK, RACE }

    /**
     * @param fails per input: true if it errs back with {@code Boom("e<i>")}, else it calls back {@code "v<i>"}
     * @param before inputs fired before the combinator is built, in that order
     * @param after inputs fired afterwards, in that order
     * @param cancelAt cancel the combinator before the {@code cancelAt}-th later fire (-1: never)
     */
    record Case(Kind kind, boolean consumeErrors, List<Boolean> fails, List<Integer> before, List<Integer> after, int cancelAt) {
        @Override
        public String toString() {
            return kind + (consumeErrors ? " consumeErrors" : "") + ", " + fails.size() + " inputs, failing "
                    + IntStream.range(0, fails.size()).filter(fails::get).boxed().toList()
                    + ", fired before " + before + ", after " + after + (cancelAt >= 0 ? ", cancel before fire #" + cancelAt : "");
        }
    }

    @Property(tries = 3000)
    void combinatorsFollowTheModel(@ForAll("cases") Case c) {
        assertEquals(String.join("\n", model(c)), String.join("\n", run(c)), c.toString());
    }

    // ------------------------------------------------------------------ the implementation

    private static List<String> run(Case c) {
        List<String> trace = new ArrayList<>();
        int n = c.fails.size();
        List<Deferred<Object>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new Deferred<>());
        }
        for (int i : c.before) {
            fire(inputs, c, i, trace, false);
        }
        trace.add("build");
        Deferred<?> result = switch (c.kind) {
            case LIST -> DeferredList.builder(inputs).consumeErrors(c.consumeErrors).build();
            case LIST_FIRE_ON_ONE_ERRBACK -> DeferredList.builder(inputs).consumeErrors(c.consumeErrors).fireOnOneErrback(true).build();
            case GATHER -> Deferreds.gatherResults(inputs, c.consumeErrors);
            case FIRE_ON_ONE_CALLBACK -> DeferredList.builder(inputs).consumeErrors(c.consumeErrors).fireOnOneCallback();
            case FIRE_ON_ONE_CALLBACK_OR_ERRBACK -> DeferredList.builder(inputs).consumeErrors(c.consumeErrors).fireOnOneErrback(true).fireOnOneCallback();
            case RACE -> Deferreds.race(inputs);
        };
        result.addBoth(t -> {
            trace.add("result: " + render(t.isSuccess() ? t.get() : t.getCause()));
            return null;
        });
        for (int k = 0; k <= c.after.size(); k++) {
            if (k == c.cancelAt) {
                trace.add("cancel");
                result.cancel();
            }
            if (k < c.after.size()) {
                fire(inputs, c, c.after.get(k), trace, true);
            }
        }
        for (int i = 0; i < n; i++) {
            String[] seen = {null};
            inputs.get(i).addBoth(t -> {
                seen[0] = render(t.isSuccess() ? t.get() : t.getCause());
                return null;
            });
            trace.add("input " + i + ": " + (seen[0] == null ? "pending" : seen[0]));
        }
        return trace;
    }

    private static void fire(List<Deferred<Object>> inputs, Case c, int i, List<String> trace, boolean log) {
        if (log) {
            trace.add("fire " + i);
        }
        try {
            if (c.fails.get(i)) {
                inputs.get(i).errback(new Boom("e" + i));
            } else {
                inputs.get(i).callback("v" + i);
            }
        } catch (RuntimeException e) {
            trace.add("fire " + i + " threw " + Trace.render(e));
        }
    }

    static String render(Object o) {
        return switch (o) {
            case List<?> l -> l.stream().map(CombinatorProperties::render).collect(Collectors.joining(", ", "[", "]"));
            case Indexed<?> ix -> "#" + ix.index() + "=" + render(ix.value());
            case FirstErrorException e -> "FirstError(" + e.getIndex() + ", " + render(e.getCause()) + ")";
            case FailureGroupException e -> "FailureGroup" + render(e.getFailures());
            case null, default -> Trace.render(o);
        };
    }

    // ------------------------------------------------------------------ the model

    /** One input of the model: what it holds, and whether it swallows one later fire (cancelled). */
    private static final class In {
        boolean fired;
        String held;
        boolean swallow;
    }

    /** The model's combinator: decides from reports in the order they arrive. */
    private static final class Comb {
        final Case c;
        final In[] in;
        final List<String> trace;
        final String[] outcomes;
        int reported;
        boolean decided;

        Comb(Case c, In[] in, List<String> trace) {
            this.c = c;
            this.in = in;
            this.trace = trace;
            this.outcomes = new String[in.length];
        }

        /** Input {@code i} fires; the combinator's callback/errback pair on it runs. */
        void report(int i, String outcome, boolean failed) {
            outcomes[i] = failed ? "err(" + outcome + ")" : "ok(" + outcome + ")";
            reported++;
            boolean race = c.kind == Kind.RACE;
            in[i].held = race || failed && c.consumeErrors ? "null" : outcome;
            if (decided) {
                return;
            }
            switch (c.kind) {
                case LIST, LIST_FIRE_ON_ONE_ERRBACK, GATHER -> {
                    boolean firstError = c.kind != Kind.LIST;
                    if (failed && firstError) {
                        decide("FirstError(" + i + ", " + outcome + ")");
                    } else if (reported == in.length) {
                        decide(c.kind == Kind.GATHER ? values() : "[" + String.join(", ", outcomes) + "]");
                    }
                }
                case FIRE_ON_ONE_CALLBACK, FIRE_ON_ONE_CALLBACK_OR_ERRBACK, RACE -> {
                    if (!failed) {
                        decided = true;
                        if (race) {
                            for (int j = 0; j < in.length; j++) {
                                if (j != i) {
                                    cancelInput(j);
                                }
                            }
                        }
                        trace.add("result: #" + i + "=" + outcome);
                    } else if (c.kind == Kind.FIRE_ON_ONE_CALLBACK_OR_ERRBACK) {
                        decide("FirstError(" + i + ", " + outcome + ")");
                    } else if (reported == in.length) {
                        decide("FailureGroup[" + IntStream.range(0, in.length).mapToObj(j -> outcomes[j].substring(4, outcomes[j].length() - 1))
                                .collect(Collectors.joining(", ")) + "]");
                    }
                }
            }
        }

        private String values() {
            return IntStream.range(0, in.length).mapToObj(j -> outcomes[j].substring(3, outcomes[j].length() - 1))
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        void decide(String result) {
            decided = true;
            trace.add("result: " + result);
        }

        /** An input without a canceller: fails with the cancellation, swallows its later fire. */
        void cancelInput(int j) {
            if (!in[j].fired) {
                in[j].fired = true;
                in[j].swallow = true;
                report(j, "CancellationException", true);
            }
        }

        void cancel() {
            if (decided) {
                return;
            }
            for (int j = 0; j < in.length; j++) {
                cancelInput(j);
            }
            // As in Twisted, a DeferredList / gatherResults (fireOnOneCallback included) only
            // cancels its inputs and fires with what they produce; only a race whose inputs leave it
            // unfired (an empty race) fails with the cancellation itself.
            if (!decided && c.kind == Kind.RACE) {
                decide("CancellationException");
            }
        }
    }

    private static List<String> model(Case c) {
        List<String> trace = new ArrayList<>();
        int n = c.fails.size();
        In[] in = new In[n];
        for (int i = 0; i < n; i++) {
            in[i] = new In();
        }
        for (int i : c.before) {
            in[i].fired = true;
            in[i].held = c.fails.get(i) ? "Boom:e" + i : "v" + i;
        }
        trace.add("build");
        Comb comb = new Comb(c, in, trace);
        if (n == 0 && (c.kind == Kind.LIST || c.kind == Kind.LIST_FIRE_ON_ONE_ERRBACK || c.kind == Kind.GATHER)) {
            comb.decide("[]");
        }
        boolean[] firedBefore = new boolean[n];
        for (int i : c.before) {
            firedBefore[i] = true;
        }
        // Attaching in input order: inputs fired before report at once. (An input that a race
        // cancels meanwhile has reported through cancelInput; the race has decided by then.)
        for (int i = 0; i < n; i++) {
            if (firedBefore[i]) {
                comb.report(i, in[i].held, in[i].held.startsWith("Boom") || in[i].held.equals("CancellationException"));
            }
        }
        for (int k = 0; k <= c.after.size(); k++) {
            if (k == c.cancelAt) {
                trace.add("cancel");
                comb.cancel();
            }
            if (k < c.after.size()) {
                int i = c.after.get(k);
                trace.add("fire " + i);
                if (in[i].swallow) {
                    in[i].swallow = false;
                } else {
                    in[i].fired = true;
                    boolean failed = c.fails.get(i);
                    comb.report(i, failed ? "Boom:e" + i : "v" + i, failed);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            trace.add("input " + i + ": " + (in[i].fired ? in[i].held : "pending"));
        }
        return trace;
    }

    // ------------------------------------------------------------------ generation

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(0, 6).flatMap(n -> Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.of(false, true),
                        Arbitraries.of(false, true).list().ofSize(n),
                        Arbitraries.shuffle(IntStream.range(0, n).boxed().toList()),
                        Arbitraries.integers().between(0, n),
                        Arbitraries.integers().between(0, n),
                        Arbitraries.integers().between(-n - 1, n))
                .as((kind, consume, fails, order, nBefore, nNever, cancelAt) -> {
                    int before = Math.min(nBefore, n);
                    int after = Math.max(0, n - before - nNever);
                    return new Case(kind, consume, fails, order.subList(0, before),
                            order.subList(before, before + after), cancelAt < 0 ? -1 : Math.min(cancelAt, after));
                }));
    }
}
