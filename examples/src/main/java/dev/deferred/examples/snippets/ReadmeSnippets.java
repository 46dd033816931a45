package dev.deferred.examples.snippets;

import dev.deferred.Deferred;
import dev.deferred.ReactorTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/** The README's samples. */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** A user's profile, for the chaining sample. */
    public record Profile(String userId, String name) {
    }

    /**
     * The quickstart: prints 5.
     *
     * @return the Deferred after its chain ran
     */
    public static Deferred<Integer> quickstart() {
        // snippet:readme-quickstart
        Deferred<String> page = new Deferred<>();
        page.addCallback(String::length)                          // runs when a value arrives
            .addErrback(IOException.class, e -> -1)               // runs only for an IOException
            .addCallback(n -> { System.out.println(n); return n; });

        page.callback("hello");                                   // prints 5 before callback() returns
        // end-snippet
        @SuppressWarnings("unchecked")
        Deferred<Integer> lengthOfPage = (Deferred<Integer>) (Deferred<?>) page;
        return lengthOfPage;
    }

    /**
     * A fetch that never finishes by itself; cancelling it records that in {@code cancelled}.
     *
     * @param id the user
     * @return a pending Deferred
     */
    static Deferred<Profile> fetchProfile(String id) {
        return new Deferred<>(d -> d.errback(new CancellationException("fetch of " + id + " cancelled")));
    }

    /**
     * The chaining sample: a fetch inside a chain, with a timeout, then cancelled.
     *
     * @param userId the user
     * @param reactor the clock of the timeout
     * @return the profile Deferred, cancelled
     */
    public static Deferred<Profile> cancelAFetch(String userId, ReactorTime reactor) {
        // snippet:readme-chaining
        Deferred<Profile> profile = Deferred.succeed(userId)
                .addCallbackDeferred(id -> fetchProfile(id))      // Deferred<Profile>: waits for it
                .addTimeout(Duration.ofSeconds(2), reactor);      // fails with TimeoutException if late
        profile.cancel();                                         // cancels the fetch it is waiting on
        // end-snippet
        return profile;
    }
}
