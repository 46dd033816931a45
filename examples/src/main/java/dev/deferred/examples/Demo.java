package dev.deferred.examples;

import dev.deferred.Deferred;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CancellationException;

/**
 * The README's demo: builds a few Deferred chains, fires them, and prints what happens, step by
 * step. Run it with {@code scripts/demo.sh}; it needs no arguments and exits 0.
 *
 * <p>Each scene shows one rule of the chain: values flow through callbacks, a thrown exception
 * switches to the errback lane, a typed errback recovers, a callback that returns a Deferred
 * pauses the chain until that one fires, and cancelling ends a pending operation.
 */
public final class Demo {
    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs every scene, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        new Demo(System.out).run();
    }

    void run() {
        out.println("deferred demo: Twisted's Deferred for Java");
        valuesFlowThroughCallbacks();
        failuresTakeTheErrbackLane();
        chainingWaitsForAnInnerDeferred();
        cancellingAPendingOperation();
        out.println("done.");
    }

    private void valuesFlowThroughCallbacks() {
        scene("1. values flow through callbacks");
        Deferred<String> greeting = new Deferred<>();
        greeting.addCallback(s -> step("got " + quote(s) + ", upper-casing", s.toUpperCase()))
                .addCallback(s -> step("got " + quote(s) + ", measuring", s.length()))
                .addCallback(n -> step("length is " + n, n));
        out.println("   chain built; nothing has run yet: " + greeting);
        greeting.callback("hello, deferred");
        out.println("   after callback(): " + greeting);
    }

    private void failuresTakeTheErrbackLane() {
        scene("2. a thrown exception switches to the errback lane; a typed errback recovers");
        Deferred<String> fetch = new Deferred<>();
        fetch.<String>addCallback(s -> {
                    step("parsing " + quote(s), s);
                    throw new IOException("connection reset while reading " + quote(s));
                })
                .addCallback(x -> step("never printed: the previous callback threw", x))
                .addErrback(IllegalArgumentException.class, e -> step("never printed: not an IllegalArgumentException", "?"))
                .addErrback(IOException.class, e -> step("recovered from " + e.getMessage(), "cached page"))
                .addCallback(s -> step("back on the callback lane with " + quote(s), s));
        fetch.callback("GET /index.html");
        out.println("   final state: " + fetch);
    }

    private void chainingWaitsForAnInnerDeferred() {
        scene("3. a callback that returns a Deferred pauses the chain until it fires");
        Deferred<Integer> lookup = new Deferred<>();
        Deferred<Integer> userId = Deferred.succeed(42);
        userId.addCallbackDeferred(id -> {
                    step("user " + id + ": starting a lookup that is not finished yet", null);
                    return lookup;
                })
                .addCallback(score -> step("outer chain resumed with score " + score, score));
        out.println("   outer: " + userId);
        out.println("   inner: " + lookup);
        out.println("   ...the lookup finishes:");
        lookup.callback(1337);
        out.println("   outer: " + userId);
        out.println("   inner: " + lookup + " (its result was handed to the outer chain)");
    }

    private void cancellingAPendingOperation() {
        scene("4. cancelling a pending operation");
        Deferred<String> download = new Deferred<>(d -> step("canceller: aborting the download", null));
        download.addErrback(CancellationException.class, e -> step("errback saw " + e.getClass().getSimpleName(), "nothing"));
        download.cancel();
        out.println("   after cancel(): " + download);
    }

    private void scene(String title) {
        out.println();
        out.println(title);
    }

    private <V> V step(String what, V value) {
        out.println("   -> " + what);
        return value;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
