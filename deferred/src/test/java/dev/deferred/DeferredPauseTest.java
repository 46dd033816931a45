package dev.deferred;

import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pause()/unpause(): counted; an unbalanced unpause is an error (Twisted item 11). */
class DeferredPauseTest {

    @Test
    void firingAPausedDeferredStoresTheResultAndRunsNothingUntilUnpause() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(seen::add);
        d.pause();
        assertTrue(d.isPaused());
        d.callback(1);
        assertTrue(d.isCalled());
        assertEquals(List.of(), seen);
        d.unpause();
        assertFalse(d.isPaused());
        assertEquals(List.of(1), seen, "ran inside unpause()");
    }

    @Test
    void pausesAreCounted() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(seen::add);
        d.pause();
        d.pause();
        d.callback(1);
        d.unpause();
        assertEquals(List.of(), seen, "one pause is still in force");
        assertTrue(d.isPaused());
        d.unpause();
        assertEquals(List.of(1), seen);
    }

    @Test
    void addingToAPausedFiredDeferredWaitsForUnpause() {
        Deferred<Integer> d = Deferred.succeed(1);
        d.pause();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(seen::add);
        assertEquals(List.of(), seen);
        d.unpause();
        assertEquals(List.of(1), seen);
    }

    @Test
    void pauseFromInsideACallbackStopsBeforeTheNextOne() {
        Deferred<Integer> d = new Deferred<>();
        List<String> order = new ArrayList<>();
        d.addCallback(x -> {
            order.add("first");
            d.pause();
            order.add("first ends");
            return x + 1;
        }).addCallback(x -> {
            order.add("second " + x);
            return x;
        });
        d.callback(1);
        assertEquals(List.of("first", "first ends"), order);
        d.unpause();
        assertEquals(List.of("first", "first ends", "second 2"), order);
    }

    @Test
    void aDeferredPausedWhileWaitingOnAnInnerResumesOnlyWhenUnpaused() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed(0).addCallbackDeferred(x -> inner);
        List<Integer> seen = new ArrayList<>();
        outer.addCallback(seen::add);
        outer.pause();
        inner.callback(7);
        assertEquals(List.of(), seen, "the inner's result arrived, but the outer is paused");
        assertTrue(outer.toString().contains("current result: 7"), outer.toString());
        outer.unpause();
        assertEquals(List.of(7), seen);
    }

    @Test
    void unpauseOfAnUnfiredDeferredRunsNothing() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(seen::add);
        d.pause();
        d.unpause();
        assertEquals(List.of(), seen);
        d.callback(2);
        assertEquals(List.of(2), seen, "fired after the unpause: runs at once");
    }

    @Test
    void unbalancedUnpauseThrowsAndLeavesTheDeferredWorking() {
        Deferred<Integer> d = new Deferred<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, d::unpause);
        assertTrue(e.getMessage().contains("without a matching pause"), e.getMessage());
        assertFalse(d.isPaused());
        d.pause();
        d.callback(5);
        d.unpause();
        assertThrows(IllegalStateException.class, d::unpause);
        assertEquals(5, successResultOf(d), "still works: new callbacks run at once");
    }
}
