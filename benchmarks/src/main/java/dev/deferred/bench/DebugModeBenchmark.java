package dev.deferred.bench;

import dev.deferred.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link Deferred#setDebugging(boolean) debug mode} costs: a Deferred with three steps
 * (created, three callbacks added, fired), once on the value lane and once failing in the middle
 * step (the failure then carries its trail). Run with debugging off and on; divide the
 * difference by three for the cost per step (each step's add-site stack is captured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DebugModeBenchmark {
    /** Stack-less, so the failure path measures the library, not fillInStackTrace. */
    private static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom", null, true, false);
        }
    }

    @Param({"false", "true"})
    public boolean debugging;

    private int sink;

    @Setup(Level.Trial)
    public void on() {
        Deferred.setDebugging(debugging);
    }

    @TearDown(Level.Trial)
    public void off() {
        Deferred.setDebugging(false);
    }

    @Benchmark
    public int chain3() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1).addCallback(x -> x + 1).addCallback(x -> sink = x + 1);
        d.callback(0);
        return sink;
    }

    @Benchmark
    public int chain3FailingInTheMiddle() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1)
         .addCallback(x -> { throw new Boom(); })
         .addErrback(e -> sink = -1);
        d.callback(0);
        return sink;
    }
}
