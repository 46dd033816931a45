package dev.deferred;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The state of a Deferred and the spin lock that guards it: the flag bits, the fields and their
 * invariants, and the transitions made under the lock (fire, append, consume, come to rest, take
 * a result at rest, receive an awaited result). Nothing here runs a step or calls user code;
 * {@link Chain}, which extends this class, runs the entries.
 *
 * <p>Why a superclass rather than a helper object: a Deferred is allocated for every asynchronous
 * step, so its state lives in one object (a pending Deferred with one callback costs what a
 * CompletableFuture with one stage does). The fields and flag bits are package-private so that
 * Chain's run loop reads and writes them directly, as it did when both were one class (and
 * {@link ChainDescription} reads them, under the lock); nothing else touches them, and every
 * access follows the invariants below. The transitions are final, so that they bind statically
 * and inline into the run loop as private methods would. Chain's constructor sets the fields
 * (it says why it is there).
 */
abstract class ChainState {
    // ---- state flags (in `flags`) ----
    /** Fired: callback, errback or cancel gave it a result. Never cleared. */
    static final int CALLED = 1;
    /** The current result is a failure (a Throwable in `result`). */
    static final int FAILED = 1 << 1;
    /** A thread owns the chain and is running it; see the invariants below. */
    static final int RUNNING = 1 << 2;
    /** Waiting on the inner Deferred held in `result`, which will hand its result over. */
    static final int WAITING = 1 << 3;
    /** The inner Deferred handed its result over before the owner had marked WAITING. */
    static final int ARRIVED = 1 << 4;
    /** cancel() without a canceller: swallow exactly one later callback/errback. */
    static final int SUPPRESS_ONE = 1 << 5;
    /** The canceller has been invoked (it never runs twice). */
    static final int CANCELLING = 1 << 6;
    /** The lock bit: a thread is inside a critical section of this Deferred (see lock()). */
    static final int LOCKED = 1 << 7;
    /**
     * The pause count lives in the bits above the flags (one field less per Deferred): pause()
     * adds PAUSE, unpause() subtracts it, and {@code (flags & PAUSED) != 0} says "paused".
     */
    static final int PAUSE_SHIFT = 8;
    static final int PAUSE = 1 << PAUSE_SHIFT;
    static final int PAUSED = -PAUSE;

    static final VarHandle FLAGS;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(ChainState.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Deferred.setDebugging: record creation and first-invocation stacks; on from the start with -Ddev.deferred.debug=true. */
    static volatile boolean debugging = Boolean.getBoolean("dev.deferred.debug");

    /*
     * Concurrency invariants. Every field below is guarded by this Deferred's lock (the LOCKED bit
     * of `flags`, see lock()), with one exception that makes the run loop cheap:
     *
     *  - At most one thread at a time "owns" a Deferred, marked by RUNNING. Only the owner runs its
     *    chain entries. An owner may own several Deferreds at once: after a chainDeferred hand-off
     *    it keeps the source (RUNNING stays set) while it runs the target's chain, and comes back
     *    to it before it lets go; a fatal error on the way lets such kept Deferreds go as they are.
     *  - Between taking a batch of entries and publishing the outcome (both under the lock),
     *    the owner keeps the result in locals; other threads therefore never read `result` while
     *    RUNNING is set (toString reports "running" instead).
     *  - Other threads only append entries and change counters under the lock; the owner
     *    re-checks under the lock before it lets go, so an entry appended while it runs is
     *    never stranded.
     *  - The owner never holds two Deferreds' locks at once: hand-offs lock the target alone,
     *    so there is no lock ordering to get wrong.
     *  - The pause count (the PAUSED bits of `flags`) is written only under the lock; the owner
     *    reads it with an opaque read after every step, so that it sees a pause() (from a callback
     *    or another thread) without taking the lock, and re-checks under the lock before it goes
     *    on past the entries it has.
     *  - Entries live in steps[head..tail) as (callback side, errback side) pairs; a null side
     *    passes the result through. Only the owner advances head; appenders grow the array but
     *    never move entries while RUNNING (the owner may still be reading its snapshot).
     *  - Three transitions skip ownership. Two are decided under the lock: a Deferred whose only
     *    entry is an awaited hand-off is never owned for it (passThrough: the entry is taken out
     *    and the Deferred left at rest holding null in the same critical section that stores its
     *    result, and the result goes on to the waiter), nor is one whose only entry is a
     *    combinator's slot that records the value without deciding anything (reportedQuietly:
     *    the slot takes the value in that same critical section and the Deferred is left at rest
     *    with it). The third takes no lock at all: Deferred.succeed/fail store their result
     *    before the Deferred is published (Chain.fireUnpublished says why that is safe).
     */
    Object result;
    int flags;
    Object[] steps;
    int head;
    int tail;
    /**
     * Before the first fire: the canceller (null for none). While fired and RUNNING: a cancel()
     * requested meanwhile (see {@link ChainCancellation#cancelOne}), as the hook to run when it is
     * applied ({@link ChainCancellation#NO_HOOK} for a plain cancel), or null. Otherwise null.
     */
    Consumer<Object> canceller;
    /**
     * The debug information (a {@link DebugInfo}, debug mode only) or, while a failure rests here
     * unhandled, its {@link UnhandledErrors.Report}, which carries that DebugInfo along: two rarely
     * used fields in one, so that a Deferred is 40 bytes. Written under the lock; see debugInfo().
     */
    Object diag;

    // ------------------------------------------------------------------ the lock

    /**
     * Takes this Deferred's lock: a spin lock held in the LOCKED bit of {@code flags}.
     *
     * <p>Why not {@code synchronized}: a Deferred's critical sections are a handful of field
     * writes that never block, allocate little and never call user code, and a short chain enters
     * them four or five times. One acquiring CAS plus one releasing store is about half the cost
     * of a monitor's enter and exit, which is most of what separates a Deferred from a plain
     * callback list. Contention is rare and brief (a thread adding a callback while another fires
     * the same Deferred), so waiters spin a little and then yield; a holder is never parked
     * inside a critical section, so no waiter can wait long.
     */
    final void lock() {
        for (int spins = 0; ; spins++) {
            int f = (int) FLAGS.getOpaque(this);
            if ((f & LOCKED) == 0 && FLAGS.weakCompareAndSetAcquire(this, f, f | LOCKED)) {
                return;
            }
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Releases the lock; the release store publishes everything written while holding it. */
    final void unlock() {
        FLAGS.setRelease(this, flags & ~LOCKED);
    }

    // ------------------------------------------------------------------ transitions under the lock

    /**
     * Stores the first result. Returns true when the caller now owns the chain and must run it.
     * Must hold the lock.
     */
    final boolean fireLocked(Object value, boolean failed) {
        if ((flags & CALLED) != 0) {
            if ((flags & SUPPRESS_ONE) != 0) {
                flags &= ~SUPPRESS_ONE;
                return false;
            }
            throw new AlreadyCalledException(identity() + " was already called" + DebugInfo.describe(debugInfo()));
        }
        result = value;
        flags |= failed ? CALLED | FAILED : CALLED;
        canceller = null;
        if (debugging) {
            // Before the first fire no failure rests here, so diag holds a DebugInfo or nothing.
            DebugInfo debug = debugInfo();
            if (debug == null) {
                diag = debug = new DebugInfo(null);
            }
            debug.invocation = new Throwable("first invocation");
            if (failed) {
                // Debug mode only, and under the lock: this takes the failure's monitor (as
                // Throwable.addSuppressed does), briefly, and runs no user code.
                AsyncTrail.note((Throwable) value, debugName(), ": failed with it at ", new AsyncTrail.Site(debug.invocation));
            }
        }
        if ((flags & PAUSED) != 0 || head == tail) {
            noteRestingResult();
            return false;
        }
        flags |= RUNNING;
        return true;
    }

    /**
     * If this Deferred's only entry is an awaited hand-off (a Deferred that a callback returned and
     * nothing else was added to: the usual inner Deferred, and every link of a nested chain), takes
     * it out and leaves this Deferred at rest holding null, which is exactly what running that one
     * entry would leave; the caller then passes the result on to the waiter itself ({@link Chain#passOn})
     * without owning this Deferred, saving the lock trip that letting go of it would take. Returns
     * null (changing nothing) otherwise. Must hold the lock, on a fired Deferred that is neither
     * paused nor waiting; it may have just been marked RUNNING by this thread, which this undoes.
     */
    final HandOff passThrough() {
        int h = head;
        if (tail - h == 2 && steps[h] instanceof HandOff ho && ho.awaited()) {
            result = null;
            flags &= ~(FAILED | RUNNING);
            consumeTo(h + 2);
            dropCancelRequest();
            noteRestingResult();
            return ho;
        }
        return null;
    }

    /**
     * If this Deferred's only entry is a combinator's slot that can take {@code value} without
     * deciding anything (gatherResults' inputs other than the last to arrive: a write and a
     * countdown, no user code, see {@link Aggregate#reportQuietly}), reports it here and leaves
     * this Deferred at rest with its value, which is what running the slot would leave, without
     * owning it: one lock trip less per input. Returns false (changing nothing) otherwise, and
     * the slot runs as usual. Must hold the lock, as {@link #passThrough}.
     */
    final boolean reportedQuietly(Object value) {
        int h = head;
        if (tail - h == 2 && steps[h] instanceof Aggregate.Slot slot && slot.reportQuietly(value)) {
            flags &= ~RUNNING;
            consumeTo(h + 2);
            dropCancelRequest();
            noteRestingResult();
            return true;
        }
        return false;
    }

    /**
     * Appends one entry. Must hold the lock. {@code firstCapacity}: the size of the entries array
     * if there is none yet, in slots (two per entry): 6 for a user's step, so that a pending
     * Deferred with one callback costs no more than a CompletableFuture with one stage and the
     * common short chain never grows; 2 where the library adds the one entry a Deferred most
     * likely gets (a waiter's hand-off, a combinator's slot), 16 bytes less per such Deferred.
     */
    final void append(Object cb, Object eb, int firstCapacity) {
        Object[] s = steps;
        if (s == null) {
            steps = s = new Object[firstCapacity];
        } else if (tail == s.length) {
            if (head > 0 && (flags & RUNNING) == 0) {
                System.arraycopy(s, head, s, 0, tail - head);
                Arrays.fill(s, tail - head, tail, null);
                tail -= head;
                head = 0;
            } else {
                // Same indices in a bigger array: an owner may still be reading its snapshot.
                steps = s = Arrays.copyOf(s, Math.max(6, s.length * 2));
            }
        }
        s[tail] = cb;
        s[tail + 1] = eb;
        tail += 2;
    }

    /** Marks entries before {@code i} consumed, clearing their slots. Must hold the lock. */
    final void consumeTo(int i) {
        Object[] s = steps;
        if (i > head) {
            Arrays.fill(s, head, i, null);
        }
        head = i;
        if (i == tail) {
            head = tail = 0;
        } else if (head >= 32 && head > tail - head) {
            System.arraycopy(s, head, s, 0, tail - head);
            Arrays.fill(s, tail - head, tail, null);
            tail -= head;
            head = 0;
        }
    }

    /**
     * Records that the result is at rest (nobody is running the chain): a failure at rest is
     * tracked for unhandled-error reporting, anything else stops tracking. Must hold the lock.
     */
    final void noteRestingResult() {
        Object x = diag;
        UnhandledErrors.Report r = x instanceof UnhandledErrors.Report rep ? rep : null;
        if ((flags & (CALLED | FAILED | WAITING)) == (CALLED | FAILED)) {
            if (r == null || !r.holds((Throwable) result)) {
                if (r != null) {
                    r.handled();
                }
                diag = UnhandledErrors.track(this, (Throwable) result, debugInfo());
            }
        } else if (r != null) {
            r.handled();
            diag = r.debug();
        }
    }

    /** This Deferred's debug information (null unless debug mode was on), wherever diag keeps it. */
    final DebugInfo debugInfo() {
        Object x = diag;
        return x instanceof UnhandledErrors.Report r ? r.debug() : (DebugInfo) x;
    }

    /**
     * The owner lets go of a fired chain without waiting: a cancel requested while it ran lapses.
     * Must hold the lock.
     */
    final void dropCancelRequest() {
        canceller = null;
    }

    /** Takes the result at rest, or returns AWAITING. Must hold the lock. */
    final Object takeLocked() {
        if ((flags & (CALLED | RUNNING | WAITING | PAUSED)) != CALLED) {
            return AWAITING;
        }
        Object r = result;
        boolean f = (flags & FAILED) != 0;
        result = null;
        flags &= ~FAILED;
        noteRestingResult();
        return f ? new TakenFailure((Throwable) r) : r;
    }

    // ------------------------------------------------------------------ hand-offs, the receiving side

    /**
     * {@code waiter}'s callback returned this Deferred. If this one has a result at rest, take it
     * (this one is left holding null: Twisted's "steal") and return it; otherwise append the
     * hand-off that will give the waiter our result later and return {@link #AWAITING}.
     */
    final Object takeOrAwait(Chain waiter) {
        lock();
        try {
            Object taken = takeLocked();
            if (taken != AWAITING) {
                return taken;
            }
            HandOff h = HandOff.awaited(waiter);
            append(h, h, 2);
            return AWAITING;
        } finally {
            unlock();
        }
    }

    /** receiveAwaited's answer when the caller now owns the Deferred and must run it. */
    static final Object OWNED = new Object();

    /**
     * The Deferred this one waits on hands over its result. Returns {@link #OWNED} when the caller
     * now owns this Deferred and must run it (from the entries {@code h} recorded); the
     * {@link HandOff} to pass the result on through when this Deferred's only entry was an awaited
     * hand-off, which {@link #passThrough} took out (this one is then at rest, holding null);
     * null when nothing is to run here (at rest, paused, or the owner has not marked it waiting yet).
     */
    final Object receiveAwaited(HandOff h, Object value, boolean failed) {
        lock();
        try {
            result = value;
            flags = failed ? flags | FAILED : flags & ~FAILED;
            if ((flags & WAITING) == 0) {
                // The owner is between appending the hand-off and marking itself waiting; it will see this.
                flags |= ARRIVED;
                return null;
            }
            flags &= ~WAITING;
            if ((flags & PAUSED) != 0 || head == tail) {
                noteRestingResult();
                return null;
            }
            HandOff pass = passThrough();
            if (pass != null) {
                return pass;
            }
            flags |= RUNNING;
            h.snapshot(steps, tail);
            return OWNED;
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ taking, pausing, asking

    /** takeOrAwait's and takeResting's answer when there is no result to take yet. */
    static final Object AWAITING = new Object();

    /** A failure taken from a Deferred (values are returned as they are). */
    record TakenFailure(Throwable failure) {}

    /**
     * Takes the result if it is at rest, leaving this Deferred holding null as chaining does, and
     * returns it ({@link TakenFailure} for a failure); otherwise returns {@link #AWAITING} and
     * changes nothing. Inline callbacks use it so that awaiting a fired Deferred costs one trip
     * through the lock and no chain entry.
     */
    final Object takeResting() {
        lock();
        try {
            return head == tail ? takeLocked() : AWAITING;
        } finally {
            unlock();
        }
    }

    /** Adds one pause. */
    final void pauseOnce() {
        lock();
        try {
            if ((flags & PAUSED) == PAUSED) {
                throw new IllegalStateException(identity() + " is paused " + ((flags & PAUSED) >>> PAUSE_SHIFT)
                        + " times, the most it can count: unpause it first");
            }
            flags += PAUSE;
        } finally {
            unlock();
        }
    }

    final boolean pausedNow() {
        return ((int) FLAGS.getVolatile(this) & PAUSED) != 0;
    }

    final boolean calledNow() {
        lock();
        try {
            return (flags & CALLED) != 0;
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ naming

    /** How a debug trail names this Deferred: its identity and where it was created. */
    final AsyncTrail.Named debugName() {
        DebugInfo info = debugInfo();
        return new AsyncTrail.Named(identity(), info == null ? null : info.creation);
    }

    /** {@code Deferred@1b6d3586}: how messages name this Deferred. */
    final String identity() {
        return "Deferred@" + Integer.toHexString(System.identityHashCode(this));
    }
}
