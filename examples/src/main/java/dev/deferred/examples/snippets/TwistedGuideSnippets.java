package dev.deferred.examples.snippets;

import dev.deferred.Deferred;
import dev.deferred.ReactorTime;
import java.net.ConnectException;
import java.time.Duration;

/** The samples of {@code docs/guide-twisted.md}. */
public final class TwistedGuideSnippets {
    private TwistedGuideSnippets() {
    }

    static Deferred<String> getPage(String url) {
        return Deferred.fail(new ConnectException("connection refused: " + url));
    }

    /**
     * Twisted idioms, translated.
     *
     * @param url the page
     * @param reactor the clock of the timeout
     * @return the page's size, 0 if the connection was refused
     */
    public static Deferred<Integer> idioms(String url, ReactorTime reactor) {
        // snippet:twisted-idioms
        Deferred<Integer> size = getPage(url)                       // d = getPage(url)
                .addCallback(String::length)                        // d.addCallback(len)
                .addErrback(ConnectException.class, e -> 0)         // d.addErrback(lambda f: f.trap(ConnectError) and 0)
                .addTimeout(Duration.ofSeconds(10), reactor);       // d.addTimeout(10, reactor)
        // end-snippet
        return size;
    }
}
