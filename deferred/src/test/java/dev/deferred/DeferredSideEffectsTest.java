package dev.deferred;

import static dev.deferred.Results.failureResultOf;
import static dev.deferred.Results.successResultOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vavr.control.Try;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** onSuccess, onFailure, onComplete: observe the result and pass it on unchanged. */
class DeferredSideEffectsTest {

    @Test
    void onSuccessSeesTheValueAndPassesItOnWithoutAReturn() {
        List<String> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        Deferred<String> same = d.onSuccess(s -> seen.add(s));
        d.callback("ada");
        assertEquals(List.of("ada"), seen);
        assertEquals("ada", successResultOf(same));
    }

    @Test
    void onSuccessIsSkippedByAFailure() {
        List<Object> seen = new ArrayList<>();
        IOException boom = new IOException();
        Deferred<String> d = Deferred.<String>fail(boom).onSuccess(seen::add);
        assertSame(boom, failureResultOf(d, IOException.class));
        assertEquals(List.of(), seen);
    }

    @Test
    void onFailureSeesTheFailureWhichStaysAFailure() {
        List<Throwable> seen = new ArrayList<>();
        IOException boom = new IOException();
        Deferred<String> d = Deferred.<String>fail(boom).onFailure(seen::add);
        assertEquals(List.of(boom), seen);
        assertSame(boom, failureResultOf(d, IOException.class), "observing is not handling");
    }

    @Test
    void onFailureIsSkippedByAValue() {
        List<Throwable> seen = new ArrayList<>();
        assertEquals(5, successResultOf(Deferred.succeed(5).onFailure(seen::add)));
        assertEquals(List.of(), seen);
    }

    @Test
    void onCompleteSeesBothLanesAsATryAndPassesEachOn() {
        List<Try<Integer>> seen = new ArrayList<>();
        assertEquals(1, successResultOf(Deferred.succeed(1).onComplete(seen::add)));
        IOException boom = new IOException();
        assertSame(boom, failureResultOf(Deferred.<Integer>fail(boom).onComplete(seen::add), IOException.class));
        assertEquals(List.of(Try.success(1), Try.failure(boom)), seen);
    }

    @Test
    void aThrowingObserverOfAValueTurnsItIntoThatFailure() {
        IllegalStateException oops = new IllegalStateException("observer broke");
        Deferred<String> d = Deferred.succeed("x").onSuccess(s -> {
            throw oops;
        });
        assertSame(oops, failureResultOf(d, IllegalStateException.class));
    }

    @Test
    void aThrowingObserverOfAFailureReplacesItAndKeepsTheOriginalAsSuppressed() throws Exception {
        IOException original = new IOException("original");
        Exception oops = new Exception("observer broke");
        Deferred<String> d = Deferred.<String>fail(original).onFailure(e -> {
            throw oops;
        });
        assertSame(oops, failureResultOf(d, Exception.class));
        assertArrayEquals(new Throwable[] {original}, oops.getSuppressed());

        Exception oops2 = new Exception("complete observer broke");
        Deferred<String> c = Deferred.<String>fail(new IOException()).onComplete(t -> {
            throw oops2;
        });
        assertSame(oops2, failureResultOf(c, Exception.class));
        assertEquals(1, oops2.getSuppressed().length);
    }

    @Test
    void anObserverThatRethrowsTheFailureLeavesItAsItWas() {
        IOException original = new IOException();
        Deferred<String> d = Deferred.<String>fail(original).onFailure(e -> {
            throw e;
        });
        assertSame(original, failureResultOf(d, IOException.class));
        assertEquals(0, original.getSuppressed().length);
    }

    @Test
    void observersRunInChainOrderBetweenOtherSteps() {
        List<String> log = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.onSuccess(s -> log.add("saw " + s))
                .addCallback(String::length)
                .onComplete(t -> log.add("length " + t.get()));
        d.callback("four");
        assertEquals(List.of("saw four", "length 4"), log);
    }
}
