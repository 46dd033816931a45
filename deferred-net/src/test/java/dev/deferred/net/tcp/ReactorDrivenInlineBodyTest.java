package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deferred.Deferred;
import dev.deferred.InlineCallbacks;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.endpoint.TCP4ServerEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An inline body whose Deferreds the reactor fires acts for the reactor thread, whatever mechanism
 * runs it: it may connect and write to transports as a callback would.
 */
class ReactorDrivenInlineBodyTest {

    /** A client that hands each chunk it reads to whoever waits for the next one. */
    static final class Replies extends Protocol {
        private Deferred<String> next = new Deferred<>();

        /** The next chunk read; call on the reactor's turn. */
        Deferred<String> next() {
            return next;
        }

        @Override
        public void dataReceived(byte[] data) {
            Deferred<String> d = next;
            next = new Deferred<>();
            d.callback(new String(data, UTF_8));
        }
    }

    @Test
    void bodyDrivenByTheReactorConnectsAndWritesAsItsCallbacksWould() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ListeningPort port = lr.await(() -> new TCP4ServerEndpoint(lr.tcp, 0, 50, "127.0.0.1")
                    .listen(Factory.forProtocol(Echo::new)));
            int p = ((IPAddress) port.getHost()).port();
            List<Boolean> onReactorTurn = new ArrayList<>();
            List<Boolean> inReactorThread = new ArrayList<>();
            String echoed = lr.await(() -> InlineCallbacks.run(co -> {
                onReactorTurn.add(lr.reactor.isOnReactorTurn());
                inReactorThread.add(lr.reactor.isInReactorThread());
                Replies client = co.await(Endpoints.connectProtocol(
                        new TCP4ClientEndpoint(lr.tcp, "127.0.0.1", p), new Replies()));
                // Resumed by the reactor: on its turn, so a reactor-only call passes, as in a callback.
                onReactorTurn.add(lr.reactor.isOnReactorTurn());
                inReactorThread.add(lr.reactor.isInReactorThread());
                client.getTransport().write("ping".getBytes(UTF_8));
                String reply = co.await(client.next());
                onReactorTurn.add(lr.reactor.isOnReactorTurn());
                inReactorThread.add(lr.reactor.isInReactorThread());
                client.getTransport().loseConnection();
                return reply;
            }));
            assertEquals("ping", echoed);
            assertEquals(List.of(true, true, true), onReactorTurn);
            // ... but the thread is told truthfully: the body's own (virtual) thread is not the loop's.
            boolean onLoopThread = InlineCallbacks.mechanism().startsWith("continuation");
            assertEquals(List.of(onLoopThread, onLoopThread, onLoopThread), inReactorThread);
            lr.await(port::stopListening);
        }
    }

    @Test
    void bodyDrivenByAnotherThreadIsNotOnTheReactorsTurn() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            Deferred<String> gate = new Deferred<>();
            List<Boolean> onReactorTurn = new ArrayList<>();
            Deferred<Void> r = InlineCallbacks.run(co -> {
                onReactorTurn.add(lr.reactor.isOnReactorTurn());
                co.await(gate);
                onReactorTurn.add(lr.reactor.isOnReactorTurn() || lr.reactor.isInReactorThread());
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> lr.tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
                assertEquals("listenTCP must be called on the reactor thread while the reactor runs;"
                        + " wrap the call in reactor.callFromThread(...)", e.getMessage());
                return null;
            });
            gate.callback("from the test thread");
            assertEquals(List.of(false, false), onReactorTurn);
            List<Throwable> failure = new ArrayList<>();
            r.addErrback(f -> {
                failure.add(f);
                return null;
            });
            assertEquals(List.of(), failure);
            assertFalse(lr.reactor.isInReactorThread());
            assertFalse(lr.reactor.isOnReactorTurn());
        }
    }

    @Test
    void bodyDrivenByTheReactorAddsATriggerWithoutWaitingForTheReactor() throws Exception {
        // Off the reactor's turn, addSystemEventTrigger waits for the reactor to take the trigger;
        // from a body the reactor is driving (and so waiting for) that would never end.
        try (LoopbackReactor lr = new LoopbackReactor()) {
            List<String> fired = new ArrayList<>();
            String outcome = lr.await(() -> InlineCallbacks.run(co -> {
                Deferred<String> tick = new Deferred<>();
                lr.reactor.callLater(java.time.Duration.ZERO, () -> tick.callback("tick"));
                String t = co.await(tick);
                lr.reactor.addSystemEventTrigger(dev.deferred.reactor.Phase.DURING, "custom", () -> fired.add("custom"));
                lr.reactor.fireSystemEvent("custom");
                return t;
            }));
            assertEquals("tick", outcome);
            assertEquals(List.of("custom"), lr.call(() -> List.copyOf(fired)));
        }
    }
}
