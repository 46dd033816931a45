package dev.deferred.examples;

import dev.deferred.Deferred;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Example: Deferred chains and error recovery, with no reactor at all.
 *
 * <p>Shows: values flowing through {@code addCallback}; a thrown exception switching to the
 * errback lane; a typed {@code addErrback(Class, fn)} that recovers only from its own type (a
 * subclass counts); {@code addBoth} as a {@code finally}; {@code Deferred.execute} turning a
 * throwing call into a failed Deferred; and a callback that returns a Deferred, which the chain
 * waits for.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.ChainsExample}
 */
public final class ChainsExample {
    private ChainsExample() {
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
        // 1. Each callback gets the previous one's result.
        Deferred<String> name = new Deferred<>();
        name.addCallback(String::trim)
            .addCallback(s -> "Hello, " + s + "!")
            .addCallback(s -> { out.println("1. " + s); return s; });
        name.callback("  Ada ");

        // 2. Throwing switches to the errback lane; the typed errback skips other types; returning
        //    from an errback switches back to the callback lane.
        Deferred<String> config = Deferred.execute(() -> readConfig("missing.conf"));
        config.addCallback(text -> { out.println("2. never printed: " + text); return text; })
              .addErrback(IllegalStateException.class, e -> "not this one")
              .addErrback(IOException.class, e -> {          // FileNotFoundException is an IOException
                  out.println("2. recovering from " + e.getClass().getSimpleName() + ": " + e.getMessage());
                  return "defaults";
              })
              .addCallback(text -> { out.println("2. using " + text); return text; });

        // 3. addBoth runs on either lane, like finally; rethrowing keeps the failure.
        Deferred<Integer> parsed = Deferred.execute(() -> Integer.parseInt("forty-two"));
        parsed.addBoth(result -> {
                  out.println("3. cleanup runs either way; success=" + result.isSuccess());
                  return result.get();                      // rethrows the failure
              })
              .addErrback(NumberFormatException.class, e -> {
                  out.println("3. still failed after cleanup: " + e.getMessage());
                  return -1;
              });

        // 4. A callback returning a Deferred: the outer chain waits for it, then goes on with its value.
        Deferred<String> inner = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed("user-7")
                .addCallbackDeferred(id -> {
                    out.println("4. looking up " + id + "; the outer chain waits");
                    return inner;
                })
                .addCallback(String::length);
        out.println("4. outer before the inner fires: " + outer);
        inner.callback("Grace Hopper");
        outer.addCallback(n -> { out.println("4. outer resumed: name length " + n); return n; });
    }

    private static String readConfig(String file) throws IOException {
        throw new FileNotFoundException(file + " (no such file)");
    }
}
