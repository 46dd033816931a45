package dev.deferred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a body waiting for its next turn spins before it parks (the virtual-thread strand). */
class SpinBackoffTest {

    /** Runs waits until the next one that spins; returns how many parked at once before it. */
    private static int skippedBeforeNextSpin(SpinBackoff b) {
        int skipped = 0;
        while (!b.shouldSpin()) {
            skipped++;
        }
        return skipped;
    }

    @Test
    void aFreshBodySpinsAndKeepsSpinningWhileResumedInTime() {
        SpinBackoff b = new SpinBackoff();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(b.shouldSpin(), "wait " + i);
            b.spun(true);
        }
    }

    @Test
    void eachTimeoutInARowDoublesTheWaitsThatParkAtOnceUpToTheCap() {
        SpinBackoff b = new SpinBackoff();
        assertTrue(b.shouldSpin());
        List<Integer> skipped = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            b.spun(false);
            skipped.add(skippedBeforeNextSpin(b)); // ends at the next wait that spins
        }
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 64, 64), skipped);
    }

    @Test
    void oneSpinResumedInTimeBringsSpinningBackForEveryWait() {
        SpinBackoff b = new SpinBackoff();
        for (int i = 0; i < 20; i++) {
            while (!b.shouldSpin()) {
                // parks at once
            }
            b.spun(false);
        }
        while (!b.shouldSpin()) {
            // parks at once, up to the cap
        }
        b.spun(true);
        for (int i = 0; i < 100; i++) {
            assertTrue(b.shouldSpin(), "wait " + i + " after a spin resumed in time");
            b.spun(true);
        }
        // ...and the next timeout starts the backoff from one skipped wait again.
        assertTrue(b.shouldSpin());
        b.spun(false);
        assertFalse(b.shouldSpin());
        assertTrue(b.shouldSpin());
    }

    @Test
    void aBodyThatAlwaysWaitsLongSpinsAboutOnceInMaxSkippedWaits() {
        SpinBackoff b = new SpinBackoff();
        int waits = 100_000;
        int spins = 0;
        for (int i = 0; i < waits; i++) {
            if (b.shouldSpin()) {
                spins++;
                b.spun(false);
            }
        }
        // 1 + 2 + 4 + ... + 64 waits while backing off, then one spin per 65 waits.
        assertTrue(spins <= waits / (SpinBackoff.MAX_SKIPPED + 1) + 8, "spins: " + spins);
        assertTrue(spins >= waits / (SpinBackoff.MAX_SKIPPED + 1), "spins: " + spins);
    }
}
