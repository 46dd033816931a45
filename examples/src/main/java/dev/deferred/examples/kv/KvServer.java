package dev.deferred.examples.kv;

import dev.deferred.ReactorTime;
import dev.deferred.net.protocol.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The server side of the demo's tiny key-value protocol, one instance per connection. Commands,
 * one per line ({@code \n} or {@code \r\n}):
 * <pre>
 * SET key value   -> OK
 * GET key         -> VALUE value | MISSING
 * INCR key        -> VALUE n              (adds one to a number, 0 if absent)
 * SLOW ms word    -> DONE word            (answered ms milliseconds later, at most 5000)
 * QUIT            -> BYE                  (then the server closes the connection)
 * </pre>
 * Anything else gets {@code ERROR ...}. Answers come back in the order of the commands: while a
 * {@code SLOW} answer is pending, later commands of that connection wait for it. Every method runs
 * on the reactor thread, so the shared {@link KvStore} and the fields below need no lock.
 */
public final class KvServer extends LineReceiver {
    private final KvStore store;
    private final ReactorTime clock;
    /** Commands that arrived while a SLOW answer was pending, oldest first. */
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    /** True while a SLOW answer is pending. */
    private boolean busy;

    /**
     * A protocol serving {@code store}.
     *
     * @param store the shared data
     * @param clock schedules the delayed answers of {@code SLOW}
     */
    public KvServer(KvStore store, ReactorTime clock) {
        this.store = store;
        this.clock = clock;
        setDelimiter(new byte[] {'\n'});       // what nc sends; a trailing \r is stripped below
    }

    @Override
    public void connectionMade() {
        store.connectionsOpen++;
    }

    @Override
    public void connectionLost(Throwable reason) {
        store.connectionsOpen--;
    }

    @Override
    protected void lineReceived(byte[] bytes) {
        waiting.add(new String(bytes, StandardCharsets.UTF_8).strip());
        drain();
    }

    private void drain() {
        while (!busy && isConnected() && !waiting.isEmpty()) {
            handle(waiting.poll());
        }
    }

    private void handle(String line) {
        String[] words = line.split(" ", 3);
        store.commandsServed++;
        switch (words[0].toUpperCase()) {
            case "SET" -> {
                if (words.length < 3) {
                    sendLine("ERROR usage: SET key value");
                } else {
                    store.data.put(words[1], words[2]);
                    sendLine("OK");
                }
            }
            case "GET" -> {
                String v = words.length < 2 ? null : store.data.get(words[1]);
                sendLine(v == null ? "MISSING" : "VALUE " + v);
            }
            case "INCR" -> {
                if (words.length < 2) {
                    sendLine("ERROR usage: INCR key");
                    return;
                }
                long n;
                try {
                    n = Long.parseLong(store.data.getOrDefault(words[1], "0")) + 1;
                } catch (NumberFormatException e) {
                    sendLine("ERROR " + words[1] + " does not hold a number");
                    return;
                }
                store.data.put(words[1], Long.toString(n));
                sendLine("VALUE " + n);
            }
            case "SLOW" -> slow(words);
            case "QUIT" -> {
                sendLine("BYE");
                waiting.clear();                 // nothing after QUIT is answered
                transport.loseConnection();
            }
            default -> sendLine("ERROR unknown command; try SET, GET, INCR, SLOW or QUIT");
        }
    }

    private void slow(String[] words) {
        long ms;
        try {
            ms = Long.parseLong(words.length < 2 ? "" : words[1]);
        } catch (NumberFormatException e) {
            sendLine("ERROR usage: SLOW milliseconds word");
            return;
        }
        if (ms < 0 || ms > 5000) {
            sendLine("ERROR SLOW takes 0..5000 milliseconds");
            return;
        }
        String word = words.length < 3 ? "" : words[2];
        busy = true;
        clock.callLater(Duration.ofMillis(ms), () -> {
            busy = false;
            if (isConnected()) {                 // the client may have hung up meanwhile
                sendLine("DONE " + word);
                drain();                         // the commands that waited behind this one
            }
        });
    }
}
