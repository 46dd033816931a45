package dev.deferred.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.deferred.Deferred;
import dev.deferred.DeferredQueue;
import java.util.concurrent.CancellationException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@link DeferredQueue} used from several threads. The nested classes are the tests.
 */
public final class DeferredQueueTest {

    private DeferredQueueTest() {
    }

    /**
     * {@code put(1)} races {@code get()}: the item is delivered exactly once, on the getting
     * thread if it was already queued, on the putting thread if the get was waiting.
     *
     * <p>Result: (deliveries, item delivered, items + gets left in the queue, delivered on:
     * 1 = the getter's thread, 2 = the putter's).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0, 1", expect = ACCEPTABLE, desc = "put first: get() returned the item at once.")
    @Outcome(id = "1, 1, 0, 2", expect = ACCEPTABLE_INTERESTING, desc = "get first: put() handed the item over on its own thread.")
    @Outcome(expect = FORBIDDEN, desc = "The item lost, delivered twice, or left behind with a get waiting.")
    @State
    public static class PutVsGet {
        private final DeferredQueue<Integer> q = new DeferredQueue<>();
        private int deliveries;
        private int item;
        private int deliveredOn;

        @Actor
        public void put() {
            q.put(1);
        }

        @Actor
        public void get() {
            Thread me = Thread.currentThread();
            q.get().addCallback(v -> {
                deliveries++;
                item = v;
                deliveredOn = Thread.currentThread() == me ? 1 : 2;
                return v;
            });
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = deliveries;
            r.r2 = item;
            r.r3 = q.getPendingCount() + q.getWaitingCount();
            r.r4 = deliveredOn;
        }
    }

    /**
     * One thread puts 1 then 2, another gets twice: the first get receives 1 and the second 2,
     * whatever the interleaving (FIFO on both sides), and nothing is left over.
     *
     * <p>Result: (first get's item, second get's item, items left, gets left waiting).
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0, 0", expect = ACCEPTABLE, desc = "Items delivered in put order to gets in get order.")
    @Outcome(expect = FORBIDDEN, desc = "An item lost, duplicated or delivered out of order.")
    @State
    public static class FifoBothSides {
        private final DeferredQueue<Integer> q = new DeferredQueue<>();
        /* Each written by one get's callback only; read by the arbiter. */
        private int first;
        private int second;

        @Actor
        public void producer() {
            q.put(1);
            q.put(2);
        }

        @Actor
        public void consumer() {
            q.get().addCallback(v -> first = v);
            q.get().addCallback(v -> second = v);
        }

        @Arbiter
        public void check(IIII_Result r) {
            r.r1 = first;
            r.r2 = second;
            r.r3 = q.getPendingCount();
            r.r4 = q.getWaitingCount();
        }
    }

    /**
     * A get waits; one thread puts an item while another cancels the get. The item is never lost
     * nor duplicated: either the get received it, or the get was cancelled and the item waits in
     * the queue (also when the cancel lands in the middle of the hand-off).
     *
     * <p>Result: (the get: 1 = received the item, 2 = cancelled, 0 = neither or something else,
     * items left, gets left waiting).
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "put first: the get received the item; the cancel was a no-op.")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "cancel first (or mid-hand-off): the item stays queued.")
    @Outcome(expect = FORBIDDEN, desc = "The item was lost (cancelled and not queued) or duplicated, or the get stayed queued.")
    @State
    public static class CancelGetVsPut {
        private final DeferredQueue<Integer> q = new DeferredQueue<>();
        private final Deferred<Integer> get;
        private int outcome;

        public CancelGetVsPut() {
            get = q.get();
            get.addBoth(t -> {
                outcome = t.isSuccess() && t.get() == 1 ? 1
                        : t.isFailure() && t.getCause() instanceof CancellationException ? 2 : 0;
                return null;
            });
        }

        @Actor
        public void put() {
            q.put(1);
        }

        @Actor
        public void cancel() {
            get.cancel();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = outcome;
            r.r2 = q.getPendingCount();
            r.r3 = q.getWaitingCount();
        }
    }
}
