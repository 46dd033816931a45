package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.Deferred;
import dev.deferred.DeferredLock;
import java.util.concurrent.CancellationException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@link DeferredLock} used from several threads. The nested classes are the tests.
 */
public final class DeferredLockTest {

    private DeferredLockTest() {
    }

    /**
     * Two threads each acquire the lock, run a critical section and release it. The sections
     * never overlap and each sees the other's writes (they use plain fields: the lock must order
     * them). The second one runs on its own thread if the lock was free when it asked, or on the
     * first one's thread, inside its {@code release()}, if it had to wait.
     *
     * <p>Result: (critical sections run, overlaps seen, lock left held or with waiters: 1,
     * where the second section ran: 1 = its own thread, 2 = the releasing thread).
     */
    @JCStressTest
    @Outcome(id = "2, 0, 0, 1", expect = ACCEPTABLE, desc = "The lock was free when the second thread asked.")
    @Outcome(id = "2, 0, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "The second waited; release() handed it the lock on the first's thread.")
    @Outcome(expect = FORBIDDEN, desc = "A section lost or run twice, two sections at once, or the lock left held.")
    @State
    public static class MutualExclusion {
        private final DeferredLock lock = new DeferredLock();
        /* Plain on purpose: only the lock orders the sections. */
        private int inside;
        private int overlaps;
        private int entries;
        private int secondRanOn;

        private void section(Thread acquirer) {
            if (inside != 0) {
                overlaps++;
            }
            inside++;
            entries++;
            if (entries == 2) {
                secondRanOn = Thread.currentThread() == acquirer ? 1 : 2;
            }
            inside--;
        }

        private void acquireAndWork() {
            Thread me = Thread.currentThread();
            lock.acquire().addCallback(l -> {
                section(me);
                l.release();
                return null;
            });
        }

        @Actor
        public void first() {
            acquireAndWork();
        }

        @Actor
        public void second() {
            acquireAndWork();
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = entries;
            r.r2 = overlaps;
            r.r3 = lock.isLocked() || lock.getWaitingCount() != 0 ? 1 : 0;
            r.r4 = secondRanOn;
        }
    }

    /**
     * The lock is held and one acquire waits. One thread releases while another cancels the
     * waiting acquire. The token is never lost nor doubled: either the waiter got the lock (and
     * holds it), or it was cancelled and the lock is free.
     *
     * <p>Result: (the waiter: 1 = got the lock, 2 = cancelled, 0 = neither or something else,
     * lock held: 1, acquires still waiting).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "release first: the waiter got the lock; the cancel was a no-op.")
    @Outcome(id = "2, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "cancel first (or mid-hand-off): the lock went free.")
    @Outcome(expect = FORBIDDEN, desc = "The token was lost (cancelled but still locked) or doubled, or the waiter stayed queued.")
    @State
    public static class CancelWaiterVsRelease {
        private final DeferredLock lock = new DeferredLock();
        private final Deferred<DeferredLock> waiter;
        private int outcome;

        public CancelWaiterVsRelease() {
            lock.acquire(); // held from the start
            waiter = lock.acquire();
            waiter.addBoth(t -> {
                outcome = t.isSuccess() && t.get() == lock ? 1
                        : t.isFailure() && t.getCause() instanceof CancellationException ? 2 : 0;
                return null;
            });
        }

        @Actor
        public void release() {
            lock.release();
        }

        @Actor
        public void cancel() {
            waiter.cancel();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = outcome;
            r.r2 = lock.isLocked() ? 1 : 0;
            r.r3 = lock.getWaitingCount();
        }
    }
}
