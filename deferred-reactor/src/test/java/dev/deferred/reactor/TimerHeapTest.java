package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The indexed timer heap against a sorted-set model, under random schedule/cancel/move/poll. */
class TimerHeapTest {
    private static final Timer.Owner NO_OWNER = new Timer.Owner() {
        @Override
        public long nowNanos() {
            return 0;
        }

        @Override
        public void cancelled(Timer t) {
        }

        @Override
        public void move(Timer t, long deadline) {
        }
    };

    @Test
    void behavesLikeASortedSetUnderRandomOperations() {
        Random rnd = new Random(42);
        TimerHeap heap = new TimerHeap();
        Comparator<Timer> order = Comparator.<Timer>comparingLong(Timer::deadline).thenComparingLong(t -> t.seq);
        TreeSet<Timer> model = new TreeSet<>(order);
        List<Timer> live = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int op = rnd.nextInt(10);
            if (op < 4 || live.isEmpty()) {
                Timer t = new Timer(NO_OWNER, rnd.nextInt(1000), () -> { });
                heap.add(t);
                model.add(t);
                live.add(t);
            } else if (op < 6) {
                Timer t = live.remove(rnd.nextInt(live.size()));
                heap.remove(t);
                model.remove(t);
                assertEquals(-1, t.index);
            } else if (op < 8) {
                Timer t = live.get(rnd.nextInt(live.size()));
                model.remove(t);
                t.setDeadline(rnd.nextInt(1000));
                heap.moved(t);
                model.add(t);
            } else {
                Timer expected = model.pollFirst();
                assertEquals(expected, heap.poll());
                live.remove(expected);
            }
            assertEquals(model.size(), heap.size());
            assertEquals(model.isEmpty() ? null : model.first(), heap.peek());
        }
        assertEquals(new ArrayList<>(model), heap.sorted());
    }
}
