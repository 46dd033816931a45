package dev.deferred.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deferred.properties.Program.Action;
import dev.deferred.properties.Program.Add;
import dev.deferred.properties.Program.Canceller;
import dev.deferred.properties.Program.Kind;
import dev.deferred.properties.Program.Op;
import dev.deferred.properties.Program.Outcome;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Example;

/**
 * Programs pinned by hand, each checked against both the model and the implementation: the places
 * where we deliberately differ from Twisted 22.4 (each confirmed by running Twisted), and the
 * shrunk counterexamples of the bugs planted to show that the properties bite.
 */
class ChainExamplesTest {

    /** Twisted keeps running the list after a callback pauses its own Deferred; ours stops after it. */
    @Example
    void aPauseFromInsideACallbackStopsTheChainWhenItReturns() {
        check(List.of(
                        add(0, Kind.CALLBACK, new Program.Value(), new Program.Pause(0)),
                        add(0, Kind.CALLBACK, new Program.Value()),
                        new Program.Fire(0, "")),
                "s1(f3)", "d0: paused");
    }

    /**
     * Twisted strands the inner's later callbacks when the outer it hands its result to is paused
     * (its loop returns); ours runs them (with null, as usual after a hand-off).
     */
    @Example
    void anInnersLaterCallbacksRunEvenWhenTheOuterIsPaused() {
        check(List.of(
                        add(0, Kind.CALLBACK_DEFERRED, new Program.Return(1)),
                        new Program.Fire(0, ""),
                        new Program.Pause(0),
                        add(1, Kind.CALLBACK, new Program.Value()),
                        new Program.Fire(1, "")),
                "s1(f2)", "s3(null)", "d0: paused", "n1: r3");
    }

    /**
     * Twisted lets the outer steal the inner's half-computed result when the inner's own callback
     * is running; ours waits for the inner's final result.
     */
    @Example
    void returningADeferredWhoseCallbackIsRunningWaitsForItsFinalResult() {
        check(List.of(
                        add(0, Kind.CALLBACK_DEFERRED, new Program.Return(1)),
                        add(1, Kind.CALLBACK, new Program.Value(), new Program.Fire(0, "")),
                        add(0, Kind.CALLBACK, new Program.Pass()),
                        new Program.Fire(1, "")),
                "s2(f5)", "s1(f3)", "s4(r2)", "d0: r2", "n1: null");
    }

    /**
     * Found by the long run after main made chainDeferred keep its source owned: a Deferred
     * returned while its chainDeferred target's chain runs counts as running, so the waiter gets
     * its final result (r8), not the null it held at that moment (Twisted would take f9, the
     * argument of the still-running {@code n4.callback}).
     */
    @Example
    void aDeferredReturnedWhileItsChainDeferredTargetRunsIsWaitedFor() {
        check(List.of(
                        new Program.Fire(0, ""),
                        add(0, Kind.CALLBACK_DEFERRED, new Program.Return(4)),
                        add(0, Kind.CALLBACK, new Program.Value(), add(2, Kind.CALLBACK_DEFERRED, new Program.Return(3))),
                        new Program.Fire(2, ""),
                        new Program.Chain(3, 4),
                        add(3, Kind.CALLBACK, new Program.Value()),
                        new Program.Fire(3, "")),
                "s2(f1)", "s3(f7)", "s4(f5)", "s6(null)", "d0: r3", "n2: r6", "n3: null", "n4: null");
    }

    /** chainDeferred, source with a later entry: what its target's chain adds to it runs after that entry (Twisted's order, case B). */
    @Example
    void whatATargetAddsToAChainDeferredSourceQueuesBehindItsRest() {
        check(List.of(
                        add(2, Kind.CALLBACK, new Program.Value()),
                        new Program.Chain(0, 1),
                        add(0, Kind.CALLBACK, new Program.Value()),
                        add(1, Kind.CALLBACK, new Program.Value(), add(0, Kind.CALLBACK, new Program.Value()), new Program.Fire(2, "")),
                        new Program.Fire(0, "")),
                "s3(f6)", "s1(f5)", "s2(null)", "s4(r2)", "d0: r4", "n1: r3", "n2: r1");
    }

    /**
     * chainDeferred, source with no later entry (Twisted's case A: tgt-cb, other-cb, then
     * src-added). Fails: the implementation runs the added callback at once, inside the target's
     * callback (s3(null) before s1(f4)) - see the report.
     */
    @Example
    void whatATargetAddsToAChainDeferredSourceWithNothingLeftRunsAfterTheTargetsCallback() {
        check(List.of(
                        add(2, Kind.CALLBACK, new Program.Value()),
                        new Program.Chain(0, 1),
                        add(1, Kind.CALLBACK, new Program.Value(), add(0, Kind.CALLBACK, new Program.Value()), new Program.Fire(2, "")),
                        new Program.Fire(0, "")),
                "s2(f5)", "s1(f4)", "s3(null)", "d0: r3", "n1: r2", "n2: r1");
    }

    /**
     * Types never lie (ours; Twisted chains on any step): a plain callback that returns a Deferred
     * fails the chain at that step; the returned Deferred is left alone, and a later errback sees
     * the IllegalStateException.
     */
    @Example
    void aPlainStepReturningADeferredFailsTheChainThere() {
        check(List.of(
                        add(0, Kind.CALLBACK, new Program.Return(1)),
                        add(0, Kind.ERRBACK, new Program.Pass()),
                        new Program.Fire(1, ""),
                        new Program.Fire(0, "")),
                "s1(f4)", "s2e(IllegalStateException)", "d0: IllegalStateException", "n1: f3");
    }

    /** The same program with the Deferred-returning step chains, as Twisted's addCallback does. */
    @Example
    void theDeferredReturningStepChains() {
        check(List.of(
                        add(0, Kind.CALLBACK_DEFERRED, new Program.Return(1)),
                        add(0, Kind.ERRBACK, new Program.Pass()),
                        new Program.Fire(1, ""),
                        new Program.Fire(0, "")),
                "s1(f4)", "d0: f3", "n1: null");
    }

    /** Planted bug 1 (cancel without a canceller no longer swallowed the next fire), as shrunk. */
    @Example
    void cancelWithoutACancellerSwallowsOneLaterFire() {
        check(List.of(new Program.Cancel(0), new Program.Fire(0, "")), "d0: CancellationException");
    }

    /** Planted bug 2 (the outer's hand-off jumped ahead of the inner's own callbacks), as shrunk. */
    @Example
    void callbacksAddedToTheInnerBeforeItWasReturnedRunFirst() {
        check(List.of(
                        add(0, Kind.CALLBACK, new Program.Value()),
                        add(0, Kind.CALLBACK, new Program.Throw(false)),
                        add(0, Kind.ERRBACK_DEFERRED, new Program.Return(5)),
                        add(5, Kind.CALLBACK, new Program.Value()),
                        new Program.Fire(0, ""),
                        new Program.Fire(5, "")),
                "s1(f5)", "s2(r1)", "s3e(Boom:x2)", "s4(f6)", "d0: r4", "n5: null");
    }

    private static void check(List<Op> ops, String... expected) {
        Program p = Program.of(Collections.nCopies(Program.DEFERREDS, Canceller.NONE), ops);
        String want = String.join("\n", expected);
        assertEquals(want, String.join("\n", Model.trace(p)), "model, for" + p);
        assertEquals(want, String.join("\n", Runner.trace(p)), "implementation, for" + p);
    }

    private static Add add(int d, Kind kind, Outcome outcome, Op... effects) {
        Action a = new Action(List.of(effects), outcome);
        boolean errback = kind.plain() == Kind.ERRBACK;
        return new Add(d, kind, null, errback ? null : a, errback ? a : null, "");
    }
}
