package dev.deferred;

import java.io.IOException;
import java.time.Duration;

/**
 * Run in a child JVM by {@link NoLoggingProviderTest}, on a class path without any slf4j
 * provider: drops a failed Deferred and exits, after a collection ({@code gc}) or without one.
 */
public final class DropAndExitMain {
    private DropAndExitMain() {}

    /**
     * Entry point.
     *
     * @param args {@code gc} or {@code exit}, then the marker to put in the failure's message
     * @throws Exception if collecting is interrupted
     */
    public static void main(String[] args) throws Exception {
        drop(args[1]);
        if (args[0].equals("gc")) {
            UnhandledErrors.collect(Duration.ofSeconds(30));
            System.out.println("collected");
        }
    }

    private static void drop(String marker) {
        Deferred.fail(new IOException(marker));
    }
}
