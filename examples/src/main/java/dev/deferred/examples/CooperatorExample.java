package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.Deferreds;
import dev.deferred.reactor.Clock;
import dev.deferred.reactor.task.Cooperator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Example: a {@link Cooperator} interleaving long jobs on one thread, a few steps at a time, so
 * neither blocks the loop (Twisted's {@code task.cooperate}).
 *
 * <p>Each job is an {@link Iterator}; each {@code next()} is one small step. A real program uses
 * {@code new Cooperator(reactor)}, whose ticks last 10 ms of wall time; here, to make the
 * interleaving visible and deterministic, each tick runs 4 steps and ticks are 1 ms apart on a
 * fake {@link Clock}.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.CooperatorExample}
 */
public final class CooperatorExample {
    private CooperatorExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        Clock clock = new Clock();
        StringBuilder trace = new StringBuilder();
        Cooperator cooperator = new Cooperator(
                () -> fourSteps(),                                       // when a tick ends
                tick -> clock.callLater(Duration.ofMillis(1), tick),     // when the next one runs
                true);

        Deferred<Iterator<Integer>> checksums = cooperator.coiterate(job("A", 6, trace));
        Deferred<Iterator<Integer>> thumbnails = cooperator.coiterate(job("B", 4, trace));
        Deferred<List<Iterator<Integer>>> both = Deferreds.gatherResults(List.of(checksums, thumbnails));

        for (int tick = 1; tick <= 20 && !both.isCalled(); tick++) {     // drive time, bounded
            trace.setLength(0);
            clock.advance(Duration.ofMillis(1));
            out.println("tick " + tick + ":" + trace);
        }
        both.addCallback(done -> { out.println("both jobs finished"); return done; });
    }

    /** A job of {@code steps} steps; each step records itself in {@code trace}. */
    private static Iterator<Integer> job(String name, int steps, StringBuilder trace) {
        return IntStream.rangeClosed(1, steps).peek(i -> trace.append(' ').append(name).append(i)).boxed().iterator();
    }

    private static BooleanSupplier fourSteps() {
        int[] steps = {0};
        return () -> ++steps[0] >= 4;
    }
}
