package dev.deferred.examples.snippets;

import dev.deferred.Deferred;
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
        Deferred<Integer> length = page
                .addCallback(String::length)                      // runs when a value arrives
                .addErrback(IOException.class, e -> -1)           // runs only for an IOException
                .onSuccess(n -> System.out.println(n));           // a side effect: no return needed

        page.callback("hello");                                   // prints 5 before callback() returns
        // end-snippet
        return length;
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
     * A fetch from the mirror, for the recovery sample: answers at once.
     *
     * @param id the user
     * @return a fired Deferred
     */
    static Deferred<Profile> fetchProfileFromMirror(String id) {
        return Deferred.succeed(new Profile(id, "from the mirror"));
    }

    /**
     * The chaining sample: a fetch inside a chain, with a recovery and a timeout, then cancelled.
     *
     * @param userId the user
     * @return the profile Deferred, cancelled
     */
    public static Deferred<Profile> cancelAFetch(String userId) {
        // snippet:readme-chaining
        Deferred<Profile> profile = Deferred.succeed(userId)
                .addCallbackDeferred(id -> fetchProfile(id))      // Deferred<Profile>: waits for it
                .addErrbackDeferred(IOException.class,            // asynchronous recovery:
                        e -> fetchProfileFromMirror(userId))      //   waits for the mirror's answer
                .addTimeout(Duration.ofSeconds(2));               // TimeoutException if late; no reactor needed
        profile.cancel();                                         // cancels the fetch it is waiting on
        // end-snippet
        return profile;
    }

    /**
     * Recovery from a failed fetch, through the mirror.
     *
     * @param userId the user
     * @return the profile Deferred
     */
    public static Deferred<Profile> recover(String userId) {
        Deferred<Profile> failing = Deferred.fail(new IOException("primary down"));
        return failing.addErrbackDeferred(IOException.class, e -> fetchProfileFromMirror(userId));
    }
}
