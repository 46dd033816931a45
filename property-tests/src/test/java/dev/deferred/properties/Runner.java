package dev.deferred.properties;

import dev.deferred.reactor.Clock;
import dev.deferred.Deferred;
import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Canceller;
import dev.deferred.properties.Program.Op;
import io.vavr.CheckedFunction1;
import io.vavr.control.Try;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

/**
 * Runs a {@link Program} on the real {@link Deferred} and records the same trace as the
 * {@link Model}: each callback that ran with its argument, each top-level statement that threw,
 * and each Deferred's final state.
 */
final class Runner {
    final List<Deferred<Object>> ds = new ArrayList<>();
    final Clock clock = new Clock();
    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    /** How often each Deferred's canceller ran (for the cancellation properties). */
    final AtomicIntegerArray cancellerCalls = new AtomicIntegerArray(Program.DEFERREDS);
    private final Map<String, String> names = new HashMap<>();
    /** Callbacks of each Deferred running right now: more than one at a time is a bug. */
    private final AtomicIntegerArray active = new AtomicIntegerArray(Program.DEFERREDS);

    Runner(Program p) {
        for (int i = 0; i < Program.DEFERREDS; i++) {
            Deferred<Object> d = create(i, p.cancellers().get(i));
            ds.add(d);
            names.put(identity(d), Program.name(i));
        }
    }

    /** Runs {@code p} on the implementation and returns its trace. */
    static List<String> trace(Program p) {
        Runner r = new Runner(p);
        r.runOps(p.ops());
        r.observeFinalStates(p.used());
        return r.trace;
    }

    void runOps(List<Op> ops) {
        for (Op op : ops) {
            try {
                exec(op);
            } catch (RuntimeException e) {
                trace.add("! " + Program.code(op) + " threw " + Trace.render(e));
            }
        }
    }

    void observeFinalStates(boolean[] used) {
        for (int i = 0; i < Program.DEFERREDS; i++) {
            if (used[i]) {
                trace.add(finalState(i));
            }
        }
    }

    private Deferred<Object> create(int i, Canceller c) {
        Consumer<Deferred<Object>> counting = switch (c) {
            case NONE -> null;
            case DOES_NOTHING -> self -> trace.add("cancel " + Program.name(i));
            case CALLS_BACK -> self -> self.callback("c" + i);
            case ERRS_BACK -> self -> self.errback(new Boom("c" + i));
            case THROWS -> self -> {
                throw new Boom("k" + i);
            };
            case CANCELS_AGAIN -> Deferred::cancel;
        };
        if (counting == null) {
            return new Deferred<>();
        }
        return new Deferred<>(self -> {
            cancellerCalls.incrementAndGet(i);
            counting.accept(self);
        });
    }

    @SuppressWarnings("unchecked")
    void exec(Op op) {
        switch (op) {
            case Add a -> {
                Deferred<Object> d = ds.get(a.d());
                CheckedFunction1<Object, Object> cb = x -> body(d, a, a.cb(), "", Trace.render(x), x, false);
                CheckedFunction1<Throwable, Object> eb = e -> body(d, a, a.eb(), "e", Trace.render(e), e, true);
                CheckedFunction1<Try<Object>, Object> both = t -> body(d, a, a.cb(), "", Trace.render(t),
                        t.isSuccess() ? t.get() : t.getCause(), t.isFailure());
                switch (a.kind()) {
                    case CALLBACK -> d.addCallback(cb);
                    case ERRBACK -> d.addErrback(eb);
                    case CALLBACKS -> d.addCallbacks(cb, eb);
                    case TRAP -> d.addErrback((Class<Throwable>) a.trap(), eb);
                    case BOTH -> d.addBoth(both);
                    // The Deferred-returning steps: body() then returns a Deferred for every outcome.
                    case CALLBACK_DEFERRED -> d.addCallbackDeferred(x -> (Deferred<Object>) cb.apply(x));
                    case ERRBACK_DEFERRED -> d.addErrbackDeferred(e -> (Deferred<Object>) eb.apply(e));
                    case TRAP_DEFERRED -> d.addErrbackDeferred((Class<Throwable>) a.trap(), e -> (Deferred<Object>) eb.apply(e));
                    case BOTH_DEFERRED -> d.addBothDeferred(t -> (Deferred<Object>) both.apply(t));
                }
            }
            case Program.Fire f -> ds.get(f.d()).callback(f.label());
            case Program.Fail f -> ds.get(f.d()).errback(new Boom(f.label()));
            case Program.Cancel c -> ds.get(c.d()).cancel();
            case Program.Pause p -> ds.get(p.d()).pause();
            case Program.Unpause u -> ds.get(u.d()).unpause();
            case Program.Timeout t -> ds.get(t.d()).addTimeout(Duration.ofSeconds(t.seconds()), clock);
            case Program.Advance a -> clock.advance(a.seconds());
            case Program.Chain c -> ds.get(c.from()).chainDeferred(ds.get(c.to()));
        }
    }

    private Object body(Deferred<Object> d, Add a, Action action, String side, String shown, Object arg, boolean failed)
            throws Throwable {
        if (active.incrementAndGet(a.d()) != 1) {
            trace.add("! two callbacks of " + Program.name(a.d()) + " running at once");
        }
        try {
            trace.add(a.label() + side + "(" + shown + ")");
            for (Op op : action.effects()) {
                exec(op);
            }
            return outcome(d, a, action, side, arg, failed);
        } finally {
            active.decrementAndGet(a.d());
        }
    }

    private Object outcome(Deferred<Object> d, Add a, Action action, String side, Object arg, boolean failed)
            throws Throwable {
        String num = a.label().substring(1);
        if (a.kind().returnsDeferred()) {
            // A Deferred-returning step hands back a Deferred for a value or a passed-on failure.
            switch (action.outcome()) {
                case Program.Value v -> {
                    return Deferred.succeed("r" + num + side);
                }
                case Program.Pass p -> {
                    return failed ? Deferred.fail((Throwable) arg) : Deferred.succeed(arg);
                }
                default -> { }
            }
        }
        return switch (action.outcome()) {
            case Program.Value v -> "r" + num + side;
            case Program.Pass p -> {
                if (failed) {
                    throw (Throwable) arg;
                }
                yield arg;
            }
            case Program.Throw t -> throw t.checked() ? new Bang("x" + num + side) : new Boom("x" + num + side);
            case Program.Return r -> ds.get(r.d());
            case Program.ReturnSelf r -> d;
        };
    }

    /**
     * Observes a Deferred without changing it: pending/paused/waiting from its public state and
     * toString; a result at rest by adding a probe that passes it on. (If the implementation had
     * stranded entries on an idle Deferred, the probe would set them off, and the trace would
     * show it.)
     */
    String finalState(int i) {
        Deferred<Object> d = ds.get(i);
        String name = Program.name(i);
        String paused = d.isPaused() ? ", paused" : "";
        if (!d.isCalled()) {
            return name + ": pending" + paused;
        }
        String s = d.toString();
        int w = s.indexOf("waiting on ");
        if (w >= 0) {
            String target = s.substring(w + "waiting on ".length(), s.length() - 1);
            return name + ": waiting on " + names.getOrDefault(target, target) + paused;
        }
        if (d.isPaused()) {
            return name + ": paused";
        }
        String[] seen = {null};
        d.addBoth(t -> {
            seen[0] = Trace.render(t.isSuccess() ? t.get() : t.getCause());
            if (t.isFailure()) {
                throw t.getCause();
            }
            return t.get();
        });
        return name + ": " + (seen[0] == null ? "probe did not run (" + s + ")" : seen[0]);
    }

    /** "Deferred@hash" of each Deferred, to the program's name for it. */
    Map<String, String> identities() {
        return Map.copyOf(names);
    }

    static String identity(Object d) {
        return "Deferred@" + Integer.toHexString(System.identityHashCode(d));
    }
}
