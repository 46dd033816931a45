package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureOf;
import static dev.deferred.Results.peek;
import static dev.deferred.Results.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatherResultsTest {

    @Test
    void valuesArriveInInputOrderWhateverTheFiringOrder() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<Integer> c = new Deferred<>();
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a, b, c));
        c.callback(3);
        a.callback(1);
        assertNoResult(all);
        b.callback(2);
        assertEquals(List.of(1, 2, 3), valueOf(all));
    }

    @Test
    void alreadyFiredInputsAreTakenAtTheCall() {
        Deferred<List<String>> all = Deferreds.gatherResults(List.of(Deferred.succeed("x"), Deferred.succeed("y")));
        assertEquals(List.of("x", "y"), valueOf(all));
    }

    @Test
    void nullValuesAreKept() {
        Deferred<List<Object>> all = Deferreds.gatherResults(List.of(Deferred.succeed(null), Deferred.succeed(1)));
        assertEquals(Arrays.asList(null, 1), valueOf(all));
    }

    @Test
    void emptyListFiresAtOnceWithEmptyList() {
        assertEquals(List.of(), valueOf(Deferreds.<Object>gatherResults(List.of())));
    }

    @Test
    void firstFailureFailsAtOnceWithItsIndex() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a, b));
        IOException boom = new IOException("boom");
        b.errback(boom);
        FirstErrorException e = failureOf(all, FirstErrorException.class);
        assertEquals(1, e.getIndex());
        assertSame(boom, e.getCause());
        // Later inputs no longer matter.
        a.callback(1);
        b.addErrback(x -> null);
    }

    @Test
    void withoutConsumeErrorsTheInputKeepsItsFailure() {
        Deferred<Integer> a = new Deferred<>();
        Deferreds.gatherResults(List.of(a)).addErrback(e -> null);
        IOException boom = new IOException("boom");
        a.errback(boom);
        assertSame(boom, failureOf(a, IOException.class));
    }

    @Test
    void consumeErrorsLeavesTheInputHoldingNull() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a), true);
        a.errback(new IOException("boom"));
        assertTrue(peek(a).isSuccess());
        assertNull(valueOf(a));
        assertInstanceOf(IOException.class, failureOf(all, FirstErrorException.class).getCause());
    }

    @Test
    void valuesPassThroughToTheInputsLaterCallbacks() {
        Deferred<Integer> a = new Deferred<>();
        Deferreds.gatherResults(List.of(a), true);
        a.callback(7);
        assertEquals(7, valueOf(a));
    }

    @Test
    void cancellingCancelsEveryInputAndFailsWithTheFirstCancellation() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a, b), true);
        all.cancel();
        assertNull(valueOf(a)); // consumed
        assertNull(valueOf(b));
        FirstErrorException e = failureOf(all, FirstErrorException.class);
        assertEquals(0, e.getIndex());
        assertInstanceOf(CancellationException.class, e.getCause());
    }

    @Test
    void cancellingAFiredGatherDoesNothing() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a, b), true);
        a.errback(new IOException("first"));
        all.cancel();
        assertNoResult(b);
        failureOf(all, FirstErrorException.class);
    }

    @Test
    void aCancellerThatThrowsIsLoggedAndTheOthersAreStillCancelled() {
        Deferred<Integer> a = new Deferred<>(d -> {
            throw new IllegalStateException("canceller broke");
        });
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a, b), true);
        all.cancel(); // does not throw
        assertNoResult(a); // its canceller threw before it could fire (as in Twisted)
        assertNull(valueOf(b));
        assertEquals(1, failureOf(all, FirstErrorException.class).getIndex());
    }

    @Test
    void aPausedInputKeepsTheGatherWaitingUntilItsCancellationArrives() {
        Deferred<Integer> a = new Deferred<>();
        a.pause(); // its chain, and so our callback, cannot run
        Deferred<List<Integer>> all = Deferreds.gatherResults(List.of(a));
        all.cancel();
        assertNoResult(all); // cancel() only cancels the inputs (as in Twisted)
        a.unpause();
        FirstErrorException e = failureOf(all, FirstErrorException.class);
        assertInstanceOf(CancellationException.class, e.getCause());
        a.addErrback(x -> null);
    }

    @Test
    void inputsThatRecoverFromTheirCancellationGiveTheListOfValues() {
        Deferred<Object> a = new Deferred<>();
        a.addErrback(CancellationException.class, e -> "recovered");
        Deferred<Object> b = new Deferred<>(self -> self.callback("from canceller"));
        Deferred<List<Object>> all = Deferreds.gatherResults(List.of(a, b));
        all.cancel();
        assertEquals(List.of("recovered", "from canceller"), valueOf(all));
    }

    @Test
    void badInputIsRejectedAtTheCall() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Deferreds.gatherResults(null));
        assertTrue(e.getMessage().contains("gatherResults"), e.getMessage());
        Deferred<Integer> a = new Deferred<>();
        List<Deferred<Integer>> withNull = new ArrayList<>();
        withNull.add(a);
        withNull.add(null);
        e = assertThrows(NullPointerException.class, () -> Deferreds.gatherResults(withNull, true));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
        // Nothing was attached to the good element: it still fires with its own result only.
        a.callback(5);
        assertEquals(5, valueOf(a));
    }

    @Test
    void theCallersListIsCopied() {
        Deferred<Integer> a = new Deferred<>();
        List<Deferred<Integer>> list = new ArrayList<>(List.of(a));
        Deferred<List<Integer>> all = Deferreds.gatherResults(list);
        list.add(new Deferred<>());
        a.callback(1);
        assertEquals(List.of(1), valueOf(all));
    }

    @Test
    void firstErrorEqualityAndToString() {
        IOException cause = new IOException("gone");
        FirstErrorException e = new FirstErrorException(2, cause);
        assertEquals(new FirstErrorException(2, cause), e);
        assertEquals(new FirstErrorException(2, cause).hashCode(), e.hashCode());
        assertNotEquals(new FirstErrorException(1, cause), e);
        assertNotEquals(new FirstErrorException(2, new IOException("gone")), e);
        assertEquals("FirstErrorException[#2, java.io.IOException: gone]", e.toString());
        assertThrows(NullPointerException.class, () -> new FirstErrorException(0, null));
        assertThrows(IllegalArgumentException.class, () -> new FirstErrorException(-1, cause));
    }

    @Test
    void inputsFiredFromManyThreadsAllArrive() throws Exception {
        int n = 64;
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<List<Integer>> all = Deferreds.gatherResults(inputs);
        CountDownLatch fired = new CountDownLatch(1);
        all.addCallback(v -> {
            fired.countDown();
            return v;
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = first; i < n; i += 4) {
                    inputs.get(i).callback(i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, valueOf(all));
    }
}
