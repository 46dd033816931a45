package dev.deferred.examples;

import static dev.deferred.testing.DeferredAssertions.assertNoResult;
import static dev.deferred.testing.DeferredAssertions.failureResultOf;
import static dev.deferred.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.Deferred;
import dev.deferred.examples.kv.KvClient;
import dev.deferred.examples.kv.KvServer;
import dev.deferred.examples.kv.KvStore;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.testing.StringTransport;
import dev.deferred.reactor.Clock;
import dev.deferred.testing.NoUnhandledErrorsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Example: testing a protocol without sockets or sleeps (Twisted's {@code proto_helpers} style).
 * A {@link StringTransport} records what the protocol writes, {@code dataReceived} feeds it input,
 * a fake {@link Clock} stands in for time, and {@link NoUnhandledErrorsExtension} fails any test
 * that leaves a failed Deferred unhandled.
 */
@ExtendWith(NoUnhandledErrorsExtension.class)
class KvProtocolTest {
    private final Clock clock = new Clock();
    private final KvStore store = new KvStore();
    private final StringTransport serverWire = new StringTransport();
    private final KvServer server = new KvServer(store, clock);

    private String send(String line) {
        serverWire.clear();
        server.dataReceived((line + "\n").getBytes(StandardCharsets.UTF_8));
        return serverWire.valueString();
    }

    @Test
    void serverStoresAndIncrements() {
        server.makeConnection(serverWire);
        assertEquals("OK\n", send("SET colour blue"));
        assertEquals("VALUE blue\n", send("GET colour"));
        assertEquals("MISSING\n", send("GET size"));
        assertEquals("VALUE 1\n", send("INCR hits"));
        assertEquals("VALUE 2\n", send("INCR hits\r"));      // what a Telnet-style client sends
        assertTrue(send("FLY").startsWith("ERROR unknown command"));
    }

    @Test
    void slowAnswersWaitForTheClock() {
        server.makeConnection(serverWire);
        assertEquals("", send("SLOW 250 tea"));
        clock.advance(Duration.ofMillis(249));
        assertEquals("", serverWire.valueString());
        clock.advance(Duration.ofMillis(1));
        assertEquals("DONE tea\n", serverWire.valueString());
    }

    @Test
    void answersStayInOrderBehindASlowOne() {
        server.makeConnection(serverWire);
        server.dataReceived("SLOW 100 first\nGET a\nQUIT\nGET b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("", serverWire.valueString(), "nothing overtakes the slow answer");
        clock.advance(Duration.ofMillis(100));
        assertEquals("DONE first\nMISSING\nBYE\n", serverWire.valueString());
        assertTrue(serverWire.isDisconnecting());
    }

    @Test
    void clientMatchesAnswersToQuestionsInOrder() {
        KvClient client = new KvClient();
        StringTransport clientWire = new StringTransport();
        client.makeConnection(clientWire);

        Deferred<String> first = client.ask("GET a");
        Deferred<String> second = client.ask("INCR b");
        assertEquals("GET a\nINCR b\n", clientWire.valueString());
        assertNoResult(first);

        client.dataReceived("MISSING\nVAL".getBytes(StandardCharsets.UTF_8));   // input may arrive split
        assertEquals("MISSING", successResultOf(first));
        assertNoResult(second);
        client.dataReceived("UE 1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("VALUE 1", successResultOf(second));
    }

    @Test
    void aTimedOutQuestionHangsUp() {
        KvClient client = new KvClient();
        StringTransport clientWire = new StringTransport();
        client.makeConnection(clientWire);

        Deferred<String> answer = client.ask("SLOW 5000 x").addTimeout(Duration.ofSeconds(1), clock);
        clock.advance(Duration.ofSeconds(1));
        failureResultOf(answer, TimeoutException.class);
        assertTrue(clientWire.isDisconnecting(), "a timed-out client cannot match later answers, so it hangs up");
    }

    @Test
    void lostConnectionFailsWaitingQuestions() {
        KvClient client = new KvClient();
        client.makeConnection(new StringTransport());
        Deferred<String> answer = client.ask("GET a");
        client.connectionLost(new ConnectionLostException("peer went away"));
        failureResultOf(answer, ConnectionLostException.class);
    }
}
