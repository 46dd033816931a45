package dev.deferred.properties;

import dev.deferred.reactor.Clock;
import dev.deferred.AlreadyCalledException;
import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Canceller;
import dev.deferred.properties.Program.Kind;
import dev.deferred.properties.Program.Op;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The reference model: an interpreter of {@link Program}s that says, for the semantics in SPEC.md
 * and TWISTED-SEMANTICS.md, which callbacks run, with what, in what order, and how each Deferred
 * ends. Written for clarity, not speed; single-threaded.
 *
 * <p>{@link #runCallbacks} is a transcription of Twisted 22.4's {@code Deferred._runCallbacks}
 * (an explicit stack of Deferreds: when an inner Deferred reaches the continuation of an outer one
 * that waits on it, the outer goes on the stack and runs first; then the inner's later callbacks
 * run with {@code null}) with our deliberate differences, each marked <b>ours</b>:
 * <ol>
 *   <li>a {@code pause()} from inside a callback stops the chain when that callback returns
 *       (Twisted's loop runs the rest of the list regardless);</li>
 *   <li>a Deferred on the stack that turns out to be paused is skipped, and the ones below it go
 *       on (Twisted returns and strands their remaining callbacks until something pokes them);</li>
 *   <li>a callback returning a Deferred whose own callback is running right now waits for that
 *       Deferred's final result (Twisted steals its half-computed current result);</li>
 *   <li>a callback returning its own Deferred fails the chain with IllegalStateException;</li>
 *   <li>{@code chainDeferred} runs the target's chain from the stack instead of recursing
 *       (stack-safe); the source counts as running meanwhile, as in Twisted;</li>
 *   <li>an unbalanced {@code unpause()} throws IllegalStateException;</li>
 *   <li>a canceller runs at most once, even if it throws or cancel() is re-entered;</li>
 *   <li>types never lie: only a Deferred-returning step ({@code Kind.*_DEFERRED}) chains on a
 *       returned Deferred; a plain step whose function returns one fails the chain with
 *       IllegalStateException at that step (Twisted chains on any step);</li>
 *   <li>a cancel() on a Deferred whose callbacks are running (from one of them, or from its
 *       chainDeferred target's chain) is remembered and applied to the inner Deferred it next
 *       waits on, or lapses when it comes to rest (Twisted ignores it); a timeout's deadline
 *       counts as timed out only where its cancellation takes effect.</li>
 * </ol>
 */
final class Model {

    /** A failure in the model: its type and, for Boom/Bang, its label. */
    record Failure(Class<? extends Throwable> type, String label) {
        boolean is(Class<? extends Throwable> t) {
            return t.isAssignableFrom(type);
        }
    }

    /** Something a model statement or callback throws (propagates like a Java exception). */
    static final class Raised extends RuntimeException {
        final Failure failure;

        Raised(Failure failure) {
            super(failure.toString(), null, false, false);
            this.failure = failure;
        }
    }

    /** One model Deferred. */
    final class MD {
        final int index;
        boolean called;
        /** A String/null value, or a {@link Failure} when {@code failed}. */
        Object result;
        boolean failed;
        /** The Deferred this one waits on (a callback returned it), or null. */
        MD waitingOn;
        /** Counted user pauses (ours: waiting is tracked apart, in waitingOn). */
        int pauses;
        /** A callback of this Deferred is executing right now (Twisted's _runningCallbacks). */
        boolean running;
        /**
         * Its chainDeferred target's chain is running, on the stack above it: like Twisted, where
         * that is a callback of this Deferred calling {@code target.callback}, it counts as running.
         */
        boolean kept;
        final Deque<Entry> entries = new ArrayDeque<>();
        Canceller canceller;
        boolean suppressOne;
        boolean cancelling;
        /** ours (8): hooks of cancel() requests made while busy, or null for none. */
        List<Runnable> cancelRequest;

        MD(int index, Canceller canceller) {
            this.index = index;
            this.canceller = canceller;
        }
    }

    /** A chain entry. */
    sealed interface Entry permits Step, Continue, ChainTo, Translate, StopTimer {}

    /** A user step. */
    record Step(Add add) implements Entry {}

    /** Twisted's _CONTINUE: hand the result to {@code waiter}, which waits on this Deferred. */
    record Continue(MD waiter) implements Entry {}

    /** chainDeferred: fire {@code target} with the result. */
    record ChainTo(MD target) implements Entry {}

    /** addTimeout's first entry: turn the timeout's cancellation into a TimeoutException. */
    record Translate(TimerState timer) implements Entry {}

    /** addTimeout's second entry: stop the timer. */
    record StopTimer(TimerState timer) implements Entry {}

    static final class TimerState {
        boolean timedOut;
        dev.deferred.DelayedCall call;
    }

    private final MD[] ds = new MD[Program.DEFERREDS];
    private final Clock clock = new Clock();
    private final List<String> trace = new ArrayList<>();
    private final int[] cancellerCalls = new int[Program.DEFERREDS];

    private Model(Program p) {
        for (int i = 0; i < ds.length; i++) {
            ds[i] = new MD(i, p.cancellers().get(i));
        }
    }

    /** Runs {@code p} on the model and returns its trace (same format as {@link Runner}). */
    static List<String> trace(Program p) {
        return observed(run(p), p).trace;
    }

    /** How often each Deferred's canceller runs in {@code p}. */
    static int[] cancellerCalls(Program p) {
        return run(p).cancellerCalls;
    }

    /**
     * The failure each Deferred holds at rest when {@code p} ends (null where it holds none, is
     * waiting, or never fired): exactly what must be reported as unhandled once it is dropped.
     */
    static String[] failuresAtRest(Program p) {
        Model m = run(p);
        String[] out = new String[Program.DEFERREDS];
        for (MD d : m.ds) {
            if (d.called && d.failed && d.waitingOn == null) {
                out[d.index] = Trace.render(d.result);
            }
        }
        return out;
    }

    private static Model run(Program p) {
        Model m = new Model(p);
        for (Op op : p.ops()) {
            try {
                m.exec(op);
            } catch (Raised r) {
                m.trace.add("! " + Program.code(op) + " threw " + Trace.render(r.failure));
            }
        }
        return m;
    }

    /** Appends the final states (a separate step: observing is not part of {@link #failuresAtRest}). */
    private static Model observed(Model m, Program p) {
        boolean[] used = p.used();
        for (MD d : m.ds) {
            if (used[d.index]) {
                m.trace.add(m.finalState(d));
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ statements

    private void exec(Op op) {
        switch (op) {
            case Add a -> add(ds[a.d()], new Step(a));
            case Program.Fire f -> fire(ds[f.d()], f.label(), false);
            case Program.Fail f -> fire(ds[f.d()], new Failure(Boom.class, f.label()), true);
            case Program.Cancel c -> cancel(ds[c.d()]);
            case Program.Pause p -> ds[p.d()].pauses++;
            case Program.Unpause u -> unpause(ds[u.d()]);
            case Program.Timeout t -> addTimeout(ds[t.d()], t.seconds());
            case Program.Advance a -> clock.advance(a.seconds());
            case Program.Chain c -> add(ds[c.from()], new ChainTo(ds[c.to()]));
        }
    }

    private void add(MD d, Entry e) {
        d.entries.add(e);
        if (d.called && d.waitingOn == null && d.pauses == 0 && !busy(d)) {
            runCallbacks(d);
        }
    }

    /** Running a callback, or keeping its place while its chainDeferred target runs. */
    private static boolean busy(MD d) {
        return d.running || d.kept;
    }

    private void fire(MD d, Object result, boolean failed) {
        if (d.called) {
            if (d.suppressOne) {
                d.suppressOne = false;
                return;
            }
            throw new Raised(new Failure(AlreadyCalledException.class, null));
        }
        d.called = true;
        d.result = result;
        d.failed = failed;
        d.canceller = null;
        runCallbacks(d);
    }

    private void unpause(MD d) {
        if (d.pauses == 0) {
            throw new Raised(new Failure(IllegalStateException.class, null)); // ours: Twisted stalls
        }
        d.pauses--;
        if (d.pauses == 0 && d.called && d.waitingOn == null && !busy(d)) {
            runCallbacks(d);
        }
    }

    private void cancel(MD d) {
        cancel(d, () -> {});
    }

    /** {@code hook} runs where the cancellation takes effect, and only if it does. */
    private void cancel(MD d, Runnable hook) {
        while (d != null) {
            if (d.called) {
                if (d.waitingOn == null && busy(d)) { // ours (8): remembered until it waits or rests
                    if (d.cancelRequest == null) {
                        d.cancelRequest = new ArrayList<>();
                    }
                    d.cancelRequest.add(hook);
                    return;
                }
                d = d.waitingOn; // cancelling a waiting Deferred cancels what it waits on
                continue;
            }
            if (d.cancelling) {
                return; // ours: the canceller never runs twice
            }
            hook.run();
            if (d.canceller == Canceller.NONE) {
                d.suppressOne = true;
                fire(d, new Failure(CancellationException.class, null), true);
                return;
            }
            d.cancelling = true;
            cancellerCalls[d.index]++;
            switch (d.canceller) {
                case CALLS_BACK -> fire(d, "c" + d.index, false);
                case ERRS_BACK -> fire(d, new Failure(Boom.class, "c" + d.index), true);
                case THROWS -> throw new Raised(new Failure(Boom.class, "k" + d.index));
                case CANCELS_AGAIN -> cancel(d);
                default -> trace.add("cancel " + Program.name(d.index));
            }
            if (!d.called) {
                fire(d, new Failure(CancellationException.class, null), true);
            }
            return;
        }
    }

    private void addTimeout(MD d, int seconds) {
        TimerState timer = new TimerState();
        timer.call = clock.callLater(Duration.ofSeconds(seconds), () -> cancel(d, () -> timer.timedOut = true));
        add(d, new Translate(timer));
        add(d, new StopTimer(timer));
    }

    // ------------------------------------------------------------------ the chain

    /** Twisted's _runCallbacks with our differences (see the class comment). */
    private void runCallbacks(MD start) {
        if (busy(start)) {
            return; // its own loop, further up the Java stack, will get to the new entries
        }
        Deque<MD> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            MD cur = stack.peek();
            cur.kept = false; // back to it: its chainDeferred target's chain is done
            if (cur.pauses > 0 || cur.waitingOn != null || !cur.called || cur.running) {
                cur.cancelRequest = null; // ours (8): let go at rest, a request lapses
                stack.pop(); // ours (2): skip it, the ones below go on
                continue;
            }
            boolean finished = true;
            while (!cur.entries.isEmpty() && cur.pauses == 0) { // ours (1): pause checked per entry
                Entry e = cur.entries.poll();
                if (e instanceof Continue c) {
                    c.waiter.result = cur.result;
                    c.waiter.failed = cur.failed;
                    c.waiter.waitingOn = null;
                    cur.result = null;
                    cur.failed = false;
                    cur.cancelRequest = null; // ours (8): its result is handed on, a request lapses
                    stack.push(c.waiter);
                    finished = false;
                    break;
                }
                if (e instanceof ChainTo c) {
                    MD t = c.target;
                    if (t.called) {
                        if (t.suppressOne) {
                            t.suppressOne = false;
                            cur.result = null;
                            cur.failed = false;
                        } else {
                            cur.result = new Failure(AlreadyCalledException.class, null);
                            cur.failed = true;
                        }
                        continue;
                    }
                    t.called = true;
                    t.result = cur.result;
                    t.failed = cur.failed;
                    t.canceller = null;
                    cur.result = null;
                    cur.failed = false;
                    cur.kept = true; // ours (5): from the stack, but it counts as running meanwhile
                    stack.push(t);
                    finished = false;
                    break;
                }
                Object out;
                boolean outFailed = false;
                cur.running = true;
                try {
                    out = call(cur, e);
                } catch (Raised r) {
                    out = r.failure;
                    outFailed = true;
                } finally {
                    cur.running = false;
                }
                if (out instanceof MD && !(e instanceof Step s && s.add().kind().returnsDeferred())) {
                    // ours (8): types never lie; only a Deferred-returning step chains
                    cur.result = new Failure(IllegalStateException.class, null);
                    cur.failed = true;
                } else if (out instanceof MD inner) {
                    if (inner == cur) { // ours (4)
                        cur.result = new Failure(IllegalStateException.class, null);
                        cur.failed = true;
                    } else if (inner.called && inner.waitingOn == null && inner.pauses == 0 && !busy(inner)) {
                        // It has a result at rest: take it; the inner is left holding null.
                        cur.result = inner.result;
                        cur.failed = inner.failed;
                        inner.result = null;
                        inner.failed = false;
                    } else { // ours (3): a running inner is waited on, too
                        inner.entries.add(new Continue(cur));
                        cur.waitingOn = inner;
                        List<Runnable> request = cur.cancelRequest;
                        cur.cancelRequest = null;
                        if (request != null) { // ours (8): apply the request to what it waits on
                            try {
                                cancel(cur, () -> request.forEach(Runnable::run));
                            } catch (Raised cancellerThrew) {
                                // logged by the implementation: nobody to throw it to
                            }
                        }
                        break;
                    }
                } else {
                    cur.result = out;
                    cur.failed = outFailed;
                }
            }
            if (finished) {
                cur.cancelRequest = null; // ours (8): at rest, a request lapses
                stack.pop();
            }
        }
    }

    /** Runs one entry's function on the current result; returns the next result or throws Raised. */
    private Object call(MD d, Entry e) {
        Object arg = d.result;
        boolean failed = d.failed;
        switch (e) {
            case Translate t -> {
                if (t.timer.timedOut && failed && ((Failure) arg).is(CancellationException.class)) {
                    throw new Raised(new Failure(TimeoutException.class, null));
                }
                return pass(arg, failed);
            }
            case StopTimer t -> {
                if (t.timer.call.active()) {
                    t.timer.call.cancel();
                }
                return pass(arg, failed);
            }
            case Step s -> {
                Add a = s.add();
                if (!failed) {
                    return switch (a.kind().plain()) {
                        case CALLBACK, CALLBACKS -> body(d, a, a.cb(), "", Trace.render(arg), arg, false);
                        case BOTH -> body(d, a, a.cb(), "", "ok(" + Trace.render(arg) + ")", arg, false);
                        case ERRBACK, TRAP -> arg;
                        default -> throw new AssertionError(a.kind());
                    };
                }
                Failure f = (Failure) arg;
                return switch (a.kind().plain()) {
                    case CALLBACK -> pass(arg, true);
                    case ERRBACK, CALLBACKS -> body(d, a, a.eb(), "e", Trace.render(f), f, true);
                    case TRAP -> f.is(a.trap()) ? body(d, a, a.eb(), "e", Trace.render(f), f, true) : pass(arg, true);
                    case BOTH -> body(d, a, a.cb(), "", "err(" + Trace.render(f) + ")", f, true);
                    default -> throw new AssertionError(a.kind());
                };
            }
            default -> throw new AssertionError(e);
        }
    }

    private static Object pass(Object arg, boolean failed) {
        if (failed) {
            throw new Raised((Failure) arg);
        }
        return arg;
    }

    private Object body(MD d, Add a, Action action, String side, String shown, Object arg, boolean failed) {
        trace.add(a.label() + side + "(" + shown + ")");
        for (Op op : action.effects()) {
            exec(op);
        }
        String num = a.label().substring(1);
        return switch (action.outcome()) {
            case Program.Value v -> "r" + num + side;
            case Program.Pass p -> pass(arg, failed);
            case Program.Throw t -> throw new Raised(new Failure(t.checked() ? Bang.class : Boom.class, "x" + num + side));
            case Program.Return r -> ds[r.d()];
            case Program.ReturnSelf r -> d;
        };
    }

    // ------------------------------------------------------------------ observation

    /** The same observation {@link Runner#finalState} makes of a real Deferred. */
    private String finalState(MD d) {
        String name = Program.name(d.index);
        if (!d.called) {
            return name + ": pending" + (d.pauses > 0 ? ", paused" : "");
        }
        if (d.waitingOn != null) {
            return name + ": waiting on " + Program.name(d.waitingOn.index) + (d.pauses > 0 ? ", paused" : "");
        }
        if (d.pauses > 0) {
            return name + ": paused";
        }
        if (!d.entries.isEmpty()) {
            // Cannot happen in the model: an unpaused, fired, non-waiting Deferred has run its chain.
            throw new AssertionError(name + " has entries left");
        }
        return name + ": " + (d.failed ? Trace.render((Failure) d.result) : Trace.render(d.result));
    }
}
