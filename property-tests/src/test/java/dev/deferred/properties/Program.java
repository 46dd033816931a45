package dev.deferred.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * A generated program over a root Deferred {@code d0} and nested Deferreds {@code n1..n6}: the
 * data that both the reference {@link Model} and the {@link Runner} (the real implementation)
 * interpret. Its {@link #toString()} is Java-like code, so that a shrunk counterexample can be
 * read, and pasted into an example test with little editing.
 *
 * <p>The Deferreds form a DAG: a callback on Deferred {@code i} may only return Deferred
 * {@code j > i}, and {@code chainDeferred} only goes from lower to higher indices. Without that,
 * a program could make two Deferreds wait on each other, which is a user error with no defined
 * outcome (Twisted recurses forever on cancel).
 *
 * @param cancellers what each Deferred's canceller does, indexed like the Deferreds
 * @param ops the top-level statements, in order
 */
record Program(List<Canceller> cancellers, List<Op> ops) {

    static final int DEFERREDS = 7;

    static String name(int d) {
        return d == 0 ? "d0" : "n" + d;
    }

    /** What a Deferred's canceller does when {@code cancel()} calls it. */
    enum Canceller {
        NONE, DOES_NOTHING, CALLS_BACK, ERRS_BACK, THROWS, CANCELS_AGAIN;

        String code(int d) {
            return switch (this) {
                case NONE -> "new Deferred<>()";
                case DOES_NOTHING -> "new Deferred<>(self -> log(\"cancel " + Program.name(d) + "\"))";
                case CALLS_BACK -> "new Deferred<>(self -> self.callback(\"c" + d + "\"))";
                case ERRS_BACK -> "new Deferred<>(self -> self.errback(new Boom(\"c" + d + "\")))";
                case THROWS -> "new Deferred<>(self -> { throw new Boom(\"k" + d + "\"); })";
                case CANCELS_AGAIN -> "new Deferred<>(self -> self.cancel())";
            };
        }
    }

    /**
     * Which add method a step uses: a plain one, or a Deferred-returning one ({@code *_DEFERRED},
     * whose functions return Deferreds: a value as {@code Deferred.succeed}, a passed-on failure as
     * {@code Deferred.fail}). Types never lie (ours): only the Deferred-returning steps chain; a
     * plain step whose function returns a Deferred fails the chain with IllegalStateException.
     */
    enum Kind {
        CALLBACK, ERRBACK, BOTH, CALLBACKS, TRAP,
        CALLBACK_DEFERRED, ERRBACK_DEFERRED, BOTH_DEFERRED, TRAP_DEFERRED;

        /** Whether the step waits on a Deferred its function returns. */
        boolean returnsDeferred() {
            return ordinal() > TRAP.ordinal();
        }

        /** The plain step with the same lanes. */
        Kind plain() {
            return switch (this) {
                case CALLBACK_DEFERRED -> CALLBACK;
                case ERRBACK_DEFERRED -> ERRBACK;
                case BOTH_DEFERRED -> BOTH;
                case TRAP_DEFERRED -> TRAP;
                default -> this;
            };
        }
    }

    /** A statement: top-level, or a side effect inside a callback. */
    sealed interface Op permits Add, Fire, Fail, Cancel, Pause, Unpause, Timeout, Advance, Chain {}

    /**
     * {@code d.addXxx(...)}. {@code cb} is the function for the value side (and for both sides of
     * BOTH), {@code eb} the function for the failure side; {@code trap} is the handled type for TRAP.
     * The label is assigned by {@link #of} and names the step in the trace ({@code s3}).
     */
    record Add(int d, Kind kind, Class<? extends Throwable> trap, Action cb, Action eb, String label) implements Op {}

    /** {@code d.callback("fN")}. */
    record Fire(int d, String label) implements Op {}

    /** {@code d.errback(new Boom("fN"))}. */
    record Fail(int d, String label) implements Op {}

    /** {@code d.cancel()}. */
    record Cancel(int d) implements Op {}

    /** {@code d.pause()}. */
    record Pause(int d) implements Op {}

    /** {@code d.unpause()}. */
    record Unpause(int d) implements Op {}

    /** {@code d.addTimeout(Duration.ofSeconds(seconds), clock)}. */
    record Timeout(int d, int seconds) implements Op {}

    /** {@code clock.advance(seconds)}. */
    record Advance(int seconds) implements Op {}

    /** {@code from.chainDeferred(to)}. */
    record Chain(int from, int to) implements Op {}

    /** A callback's body: side effects in order, then its outcome. */
    record Action(List<Op> effects, Outcome outcome) {}

    /** How a callback ends. */
    sealed interface Outcome permits Value, Pass, Throw, Return, ReturnSelf {}

    /** Returns a fresh value, {@code "r<step>"} (or {@code "r<step>e"} on the failure side). */
    record Value() implements Outcome {}

    /** Passes its argument on: returns the value, rethrows the failure. */
    record Pass() implements Outcome {}

    /** Throws a new Boom (unchecked) or Bang (checked) labelled {@code "x<step>"}. */
    record Throw(boolean checked) implements Outcome {}

    /** Returns nested Deferred {@code d} (fired or not, whatever it is by then). */
    record Return(int d) implements Outcome {}

    /** Returns the very Deferred the callback is attached to (ours: fails the chain). */
    record ReturnSelf() implements Outcome {}

    /** Builds a program, labelling its steps and fire values in program order (s1, f2, ...). */
    static Program of(List<Canceller> cancellers, List<Op> ops) {
        int[] counter = {0};
        return new Program(List.copyOf(cancellers), relabel(ops, counter));
    }

    private static List<Op> relabel(List<Op> ops, int[] counter) {
        List<Op> out = new ArrayList<>();
        for (Op op : ops) {
            out.add(switch (op) {
                case Add a -> {
                    String label = "s" + ++counter[0];
                    yield new Add(a.d, a.kind, a.trap, relabel(a.cb, counter), relabel(a.eb, counter), label);
                }
                case Fire f -> new Fire(f.d, "f" + ++counter[0]);
                case Fail f -> new Fail(f.d, "f" + ++counter[0]);
                default -> op;
            });
        }
        return out;
    }

    private static Action relabel(Action a, int[] counter) {
        return a == null ? null : new Action(relabel(a.effects, counter), a.outcome);
    }

    /** The function(s) a step adds that may actually run, for printing. */
    static boolean usesCallbackSide(Kind k) {
        Kind p = k.plain();
        return p == Kind.CALLBACK || p == Kind.BOTH || p == Kind.CALLBACKS;
    }

    static boolean usesErrbackSide(Kind k) {
        return k.plain() != Kind.CALLBACK;
    }

    // ------------------------------------------------------------------ printing

    /** Which Deferreds the program mentions (d0 always): only those are declared and observed. */
    boolean[] used() {
        boolean[] used = new boolean[DEFERREDS];
        used[0] = true;
        markUsed(ops, used);
        return used;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("\n");
        boolean[] used = used();
        for (int d = 0; d < DEFERREDS; d++) {
            if (used[d]) {
                sb.append("Deferred<Object> ").append(name(d)).append(" = ").append(cancellers.get(d).code(d)).append(";\n");
            }
        }
        for (Op op : ops) {
            sb.append(code(op)).append(";\n");
        }
        return sb.toString();
    }

    private static void markUsed(List<Op> ops, boolean[] used) {
        for (Op op : ops) {
            switch (op) {
                case Add a -> {
                    used[a.d] = true;
                    markUsed(a.cb, used);
                    markUsed(a.eb, used);
                }
                case Fire f -> used[f.d] = true;
                case Fail f -> used[f.d] = true;
                case Cancel c -> used[c.d] = true;
                case Pause p -> used[p.d] = true;
                case Unpause u -> used[u.d] = true;
                case Timeout t -> used[t.d] = true;
                case Advance a -> { }
                case Chain c -> {
                    used[c.from] = true;
                    used[c.to] = true;
                }
            }
        }
    }

    private static void markUsed(Action a, boolean[] used) {
        if (a == null) {
            return;
        }
        markUsed(a.effects, used);
        if (a.outcome instanceof Return r) {
            used[r.d] = true;
        }
    }

    static String code(Op op) {
        return switch (op) {
            case Add a -> {
                String d = name(a.d);
                yield switch (a.kind) {
                    case CALLBACK -> d + ".addCallback(" + lambda("x", a, a.cb, "") + ")";
                    case ERRBACK -> d + ".addErrback(" + lambda("e", a, a.eb, "e") + ")";
                    case BOTH -> d + ".addBoth(" + lambda("t", a, a.cb, "") + ")";
                    case CALLBACKS -> d + ".addCallbacks(" + lambda("x", a, a.cb, "") + ", " + lambda("e", a, a.eb, "e") + ")";
                    case TRAP -> d + ".addErrback(" + a.trap.getSimpleName() + ".class, " + lambda("e", a, a.eb, "e") + ")";
                    case CALLBACK_DEFERRED -> d + ".addCallbackDeferred(" + lambda("x", a, a.cb, "") + ")";
                    case ERRBACK_DEFERRED -> d + ".addErrbackDeferred(" + lambda("e", a, a.eb, "e") + ")";
                    case BOTH_DEFERRED -> d + ".addBothDeferred(" + lambda("t", a, a.cb, "") + ")";
                    case TRAP_DEFERRED -> d + ".addErrbackDeferred(" + a.trap.getSimpleName() + ".class, "
                            + lambda("e", a, a.eb, "e") + ")";
                };
            }
            case Fire f -> name(f.d) + ".callback(\"" + f.label + "\")";
            case Fail f -> name(f.d) + ".errback(new Boom(\"" + f.label + "\"))";
            case Cancel c -> name(c.d) + ".cancel()";
            case Pause p -> name(p.d) + ".pause()";
            case Unpause u -> name(u.d) + ".unpause()";
            case Timeout t -> name(t.d) + ".addTimeout(Duration.ofSeconds(" + t.seconds + "), clock)";
            case Advance a -> "clock.advance(" + a.seconds + ")";
            case Chain c -> name(c.from) + ".chainDeferred(" + name(c.to) + ")";
        };
    }

    private static String lambda(String param, Add a, Action action, String side) {
        StringBuilder sb = new StringBuilder(param).append(" -> { log(\"").append(a.label).append(side).append("\", ").append(param).append("); ");
        for (Op e : action.effects) {
            sb.append(code(e)).append("; ");
        }
        String num = a.label.substring(1);
        boolean wrap = a.kind.returnsDeferred();
        sb.append(switch (action.outcome) {
            case Value v -> wrap ? "return Deferred.succeed(\"r" + num + side + "\");" : "return \"r" + num + side + "\";";
            case Pass p -> switch (param) {
                case "x" -> wrap ? "return Deferred.succeed(x);" : "return x;";
                case "e" -> wrap ? "return Deferred.fail(e);" : "throw e;";
                default -> wrap ? "return t.isSuccess() ? Deferred.succeed(t.get()) : Deferred.fail(t.getCause());" : "return t.get();";
            };
            case Throw t -> t.checked ? "throw new Bang(\"x" + num + side + "\");" : "throw new Boom(\"x" + num + side + "\");";
            case Return r -> "return " + name(r.d) + ";";
            case ReturnSelf s -> "return " + name(a.d) + ";";
        });
        return sb.append(" }").toString();
    }

    /** The failure types a TRAP step may handle. */
    static final List<Class<? extends Throwable>> TRAPPABLE = List.of(
            Boom.class, IllegalStateException.class, CancellationException.class, TimeoutException.class, Exception.class);
}
