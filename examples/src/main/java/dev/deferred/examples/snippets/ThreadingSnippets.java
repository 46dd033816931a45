package dev.deferred.examples.snippets;

import dev.deferred.Deferred;
import dev.deferred.reactor.SelectReactor;
import java.nio.file.Files;
import java.nio.file.Path;

/** The samples of {@code docs/threading.md}; call them on the reactor thread. */
public final class ThreadingSnippets {
    private ThreadingSnippets() {
    }

    static String slowComputation() {
        return "forty-two";
    }

    /**
     * Work on a thread of one's own, result fired on the reactor thread.
     *
     * @param reactor a running reactor
     * @return fires on the reactor thread with the computation's result
     */
    public static Deferred<String> ownThread(SelectReactor reactor) {
        // snippet:threading-callfromthread
        Deferred<String> answer = new Deferred<>();
        Thread.ofVirtual().start(() -> {
            String result = slowComputation();                   // off the reactor thread
            reactor.callFromThread(() -> answer.callback(result)); // fired, and callbacks run, on the reactor thread
        });
        // end-snippet
        return answer;
    }

    /**
     * Blocking work on the reactor's pool.
     *
     * @param reactor a running reactor
     * @param path a file to read
     * @return its length, computed on the reactor thread
     */
    public static Deferred<Integer> pool(SelectReactor reactor, Path path) {
        // snippet:threading-defertothread
        Deferred<Integer> length = reactor.deferToThread(() -> Files.readString(path)) // runs on the reactor's pool
                .addCallback(text -> text.length());             // runs on the reactor thread
        // end-snippet
        return length;
    }
}
