package dev.deferred.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing a transport that reports drains from a writer thread relies on (wroteAwaitingDrain). */
class ProducerPacerTest {

    /** Records the calls a producer receives. */
    static final class Recorded implements PushProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    @Test
    void aPullProducerWaitingForADrainIsResumedOncePerWriteAtLowWater() {
        ProducerPacer pacer = new ProducerPacer(10, 100);
        Recorded p = new Recorded();
        pacer.register(p, false, 0, false);
        assertEquals(List.of("resume"), p.calls);

        assertTrue(pacer.wroteAwaitingDrain(50), "the write leaves a resume owed");
        assertFalse(pacer.wroteAwaitingDrain(60), "a second write before the drain owes nothing more");
        pacer.drained(11);
        assertEquals(List.of("resume"), p.calls, "above low water: still waiting");
        pacer.drained(10);
        pacer.drained(0); // the same drain reported twice (writer thread and write both saw it)
        assertEquals(List.of("resume", "resume"), p.calls);
        assertFalse(pacer.isPaused());

        assertTrue(pacer.wroteAwaitingDrain(5));
        pacer.unregister();
        pacer.drained(0);
        assertEquals(List.of("resume", "resume"), p.calls, "an unregistered producer hears nothing");
    }

    @Test
    void aStreamingProducerIsPausedAboveHighWaterAndResumedAtLowWater() {
        ProducerPacer pacer = new ProducerPacer(10, 100);
        Recorded p = new Recorded();
        pacer.register(p, true, 0, false);
        assertFalse(pacer.wroteAwaitingDrain(100), "at high water: not paused");
        assertTrue(pacer.wroteAwaitingDrain(101));
        assertFalse(pacer.wroteAwaitingDrain(200), "already paused");
        pacer.drained(50);
        pacer.drained(10);
        pacer.drained(0);
        assertEquals(List.of("pause", "resume"), p.calls);
    }

    @Test
    void aPullProducerIsNotResumedByDrainedAfterAPlainWrite() {
        // Transports that resume a pull producer only when their buffer empties (TCP, standard I/O)
        // use wrote: a partial drain must not ask for more.
        ProducerPacer pacer = new ProducerPacer(10, 100);
        Recorded p = new Recorded();
        pacer.register(p, false, 0, false);
        pacer.wrote(500);
        pacer.drained(0);
        assertEquals(List.of("resume"), p.calls);
        assertTrue(pacer.emptied());
        assertEquals(List.of("resume", "resume"), p.calls);
    }
}
