package dev.deferred.reactor;

import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.DelayedCall;
import dev.deferred.DelayedCallAlreadyCalledException;
import dev.deferred.DelayedCallAlreadyCancelledException;
import dev.deferred.Leftovers;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link DelayedCall} of both {@link Clock} and {@link SelectReactor}: a function, a deadline in
 * nanoseconds of its owner's time line, and a state that moves once from PENDING to CALLED or
 * CANCELLED.
 *
 * <p>Concurrency: {@code state} is changed only by compare-and-set, so exactly one of "run it" and
 * "cancel it" wins even when cancel() comes from another thread. {@code index} and {@code seq} are
 * touched only by the owner's thread (they belong to {@link TimerHeap}). {@code deadline} is
 * written only by the owner's thread after the timer is first published, with release stores, and
 * read with acquire loads by {@link #getTime()}, so another thread sees a recent, untorn value
 * (a volatile store would cost a fence on every schedule).
 */
final class Timer implements DelayedCall {
    static final int PENDING = 0;
    static final int CALLED = 1;
    static final int CANCELLED = 2;

    private static final VarHandle STATE;
    private static final VarHandle DEADLINE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Timer.class, "state", int.class);
            DEADLINE = MethodHandles.lookup().findVarHandle(Timer.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What owns a timer: its time line, and how it applies a cancel or a move. */
    interface Owner {
        /** Now, in nanoseconds of this owner's time line. */
        long nowNanos();

        /** {@code t} was just cancelled (its state is already CANCELLED): take it out of the heap. */
        void cancelled(Timer t);

        /** {@code t} should now be due at {@code deadline}. */
        void move(Timer t, long deadline);
    }

    private final Owner owner;
    Runnable fn;
    /** In nanoseconds of the owner's time line; see {@link #deadline()} and {@link #setDeadline}. */
    private long deadline;
    /** Owned by {@link TimerHeap}: the slot in the heap, or -1 when not in it. */
    int index = -1;
    /** Owned by {@link TimerHeap}: the scheduling order, to break deadline ties. */
    long seq;
    private volatile int state;
    /** Where callLater was called, when debugging was on (for the dirty-reactor report); else null. */
    final Throwable created;

    Timer(Owner owner, long deadline, Runnable fn) {
        this.owner = owner;
        DEADLINE.setRelease(this, deadline);
        // Every timer (a reactor's callLater, the fake Clock's) runs in the context it was scheduled in.
        this.fn = DeferredContext.wrapCurrent(fn);
        this.created = Deferred.isDebugging() ? new Throwable("callLater") : null;
    }

    /** This call as a leftover of a finished test: what it is and where it was scheduled. */
    Leftovers.Leftover asLeftover() {
        return new Leftovers.Leftover(toString(), created);
    }

    /**
     * {@code from} + {@code delay} on a time line of nanoseconds, saturating: a deadline past the
     * end of the time line (Long.MAX_VALUE ns, about 292 years after the owner's origin) is that
     * end, which never comes in practice. Without it a delay such as
     * {@code Duration.ofNanos(Long.MAX_VALUE)} would wrap around to a deadline in the past and
     * fire at once. Every Duration is accepted: one too long to count in nanoseconds is "never" too.
     */
    static long deadlineAfter(long from, Duration delay) {
        long nanos = Clock.toNanos(delay);
        long d = from + nanos;
        if (((from ^ d) & (nanos ^ d)) < 0) {
            return nanos > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return d;
    }

    /** The deadline; exact on the owner's thread. */
    long deadline() {
        return (long) DEADLINE.getAcquire(this);
    }

    /** Sets the deadline; owner's thread only (then tell the heap with {@link TimerHeap#moved}). */
    void setDeadline(long d) {
        DEADLINE.setRelease(this, d);
    }

    /** Marks this timer called; false if it was cancelled first. Call just before running it. */
    boolean markCalled() {
        return STATE.compareAndSet(this, PENDING, CALLED);
    }

    int state() {
        return state;
    }

    @Override
    public double getTime() {
        return deadline() / 1e9;
    }

    @Override
    public void cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            throw afterTheFact("cancel");
        }
        owner.cancelled(this);
    }

    @Override
    public void reset(Duration delay) {
        Objects.requireNonNull(delay, "reset: delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("reset: delay must not be negative, got " + delay);
        }
        checkPending("reset");
        owner.move(this, deadlineAfter(owner.nowNanos(), delay));
    }

    @Override
    public void delay(Duration delay) {
        Objects.requireNonNull(delay, "delay: delay must not be null");
        checkPending("delay");
        owner.move(this, deadlineAfter(deadline(), delay));
    }

    @Override
    public boolean active() {
        return state == PENDING;
    }

    private void checkPending(String what) {
        if (state != PENDING) {
            throw afterTheFact(what);
        }
    }

    private IllegalStateException afterTheFact(String what) {
        return state == CALLED
                ? new DelayedCallAlreadyCalledException("cannot " + what + " " + this + ": it has already run")
                : new DelayedCallAlreadyCancelledException("cannot " + what + " " + this + ": it was already cancelled");
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case CALLED -> "called";
            case CANCELLED -> "cancelled";
            default -> "pending";
        };
        return "DelayedCall[at " + getTime() + "s, " + s + ", " + fn + "]";
    }
}
