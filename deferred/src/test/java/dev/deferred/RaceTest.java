package dev.deferred;

import static dev.deferred.Results.assertNoResult;
import static dev.deferred.Results.failureOf;
import static dev.deferred.Results.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class RaceTest {

    /** Pending inputs that count how often they were cancelled. */
    private static List<Deferred<String>> inputs(int n, int[] cancels) {
        List<Deferred<String>> ds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            ds.add(new Deferred<>(d -> cancels[index]++));
        }
        return ds;
    }

    @Test
    void firstSuccessWinsWithItsIndexAndEveryOtherInputIsCancelledOnce() {
        for (int winner = 0; winner < 4; winner++) {
            int[] cancels = new int[4];
            List<Deferred<String>> ds = inputs(4, cancels);
            Deferred<Indexed<String>> race = Deferreds.race(ds);
            assertNoResult(race);
            ds.get(winner).callback("won");
            assertEquals(new Indexed<>(winner, "won"), valueOf(race));
            int[] expected = {1, 1, 1, 1};
            expected[winner] = 0;
            assertTrue(Arrays.equals(expected, cancels), Arrays.toString(cancels));
            for (Deferred<String> d : ds) {
                assertNull(valueOf(d)); // the race consumed every input, cancellations included
            }
        }
    }

    @Test
    void losersAreCancelledBeforeTheRaceFires() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        boolean[] bSettled = new boolean[1];
        Deferreds.race(List.of(a, b)).addCallback(won -> bSettled[0] = b.isCalled());
        a.callback("a");
        assertTrue(bSettled[0]);
    }

    @Test
    void allFailingGivesAFailureGroupInInputOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<Indexed<String>> race = Deferreds.race(List.of(a, b, c));
        IOException ea = new IOException("a");
        IOException eb = new IOException("b");
        IOException ec = new IOException("c");
        c.errback(ec);
        a.errback(ea);
        assertNoResult(race);
        b.errback(eb);
        FailureGroupException e = failureOf(race, FailureGroupException.class);
        assertEquals(List.of(ea, eb, ec), e.getFailures());
        assertEquals(List.of(ea, eb, ec), Arrays.asList(e.getSuppressed()));
        assertNull(valueOf(a)); // failures are consumed: no unhandled-error reports
    }

    @Test
    void aFailureBeforeASuccessDoesNotStopTheRace() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> race = Deferreds.race(List.of(a, b));
        a.errback(new IOException("a"));
        b.callback("b");
        assertEquals(new Indexed<>(1, "b"), valueOf(race));
    }

    @Test
    void alreadyFiredInputsCountInInputOrder() {
        int[] cancels = new int[1];
        Deferred<String> pending = new Deferred<>(d -> cancels[0]++);
        Deferred<Indexed<String>> race = Deferreds.race(List.of(Deferred.fail(new IOException("x")),
                Deferred.succeed("second"), Deferred.succeed("third"), pending));
        assertEquals(new Indexed<>(1, "second"), valueOf(race));
        assertEquals(1, cancels[0]);
    }

    @Test
    void aResultArrivingAfterTheWinnerIsIgnored() {
        // A loser whose canceller does nothing still fails with the cancellation; a loser that
        // ignores cancellation (no canceller) swallows its late result.
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> race = Deferreds.race(List.of(a, b));
        a.callback("a");
        b.callback("late"); // swallowed by b, as after any cancel without canceller
        assertEquals(new Indexed<>(0, "a"), valueOf(race));
    }

    @Test
    void aCancellerThatCallsBackDoesNotWinAfterTheWinner() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>(d -> d.callback("from canceller"));
        Deferred<Indexed<String>> race = Deferreds.race(List.of(a, b));
        a.callback("a");
        assertEquals(new Indexed<>(0, "a"), valueOf(race));
    }

    @Test
    void cancellingTheRaceCancelsAllInputsAndFailsWithTheirCancellations() {
        int[] cancels = new int[3];
        List<Deferred<String>> ds = inputs(3, cancels);
        Deferred<Indexed<String>> race = Deferreds.race(ds);
        race.cancel();
        assertTrue(Arrays.equals(new int[] {1, 1, 1}, cancels), Arrays.toString(cancels));
        FailureGroupException e = failureOf(race, FailureGroupException.class);
        assertEquals(3, e.getFailures().size());
        for (Throwable t : e.getFailures()) {
            assertInstanceOf(CancellationException.class, t);
        }
    }

    @Test
    void cancellingTheRaceWhereACancellerSucceedsGivesThatResult() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>(d -> d.callback("rescued"));
        Deferred<Indexed<String>> race = Deferreds.race(List.of(a, b));
        race.cancel();
        assertEquals(new Indexed<>(1, "rescued"), valueOf(race));
    }

    @Test
    void emptyRaceNeverFiresUntilCancelled() {
        Deferred<Indexed<Object>> race = Deferreds.race(List.of());
        assertNoResult(race);
        race.cancel();
        failureOf(race, CancellationException.class);
    }

    @Test
    void failureGroupCopiesItsList() {
        IOException e = new IOException("x");
        List<Throwable> list = new ArrayList<>(List.of(e));
        FailureGroupException g = new FailureGroupException(list);
        list.clear();
        assertEquals(List.of(e), g.getFailures());
        assertTrue(g.getMessage().contains("#0 java.io.IOException: x"), g.getMessage());
        assertSame(e, g.getSuppressed()[0]);
    }

    @Test
    void badInputIsRejectedAtTheCall() {
        assertThrows(NullPointerException.class, () -> Deferreds.race(null));
        List<Deferred<String>> withNull = new ArrayList<>();
        withNull.add(new Deferred<>());
        withNull.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> Deferreds.race(withNull));
        assertTrue(e.getMessage().contains("race") && e.getMessage().contains("element 1"), e.getMessage());
    }
}
