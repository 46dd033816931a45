package dev.deferred.examples.snippets;

import dev.deferred.ContextKey;
import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.mdc.MdcBridge;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.LineReceiver;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.SelectReactor;
import dev.deferred.reactor.task.LoopingCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/** The {@code DeferredContext} samples of {@code docs/guide-java.md}. */
public final class ContextSnippets {
    private ContextSnippets() {
    }

    // snippet:guide-context-server
    static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");

    /** Answers each line with its length; each request's id follows its work to every thread. */
    static final class LengthServer extends LineReceiver {
        private final SelectReactor reactor;
        private final List<String> trail;
        private int requests;

        LengthServer(SelectReactor reactor, List<String> trail) {
            this.reactor = reactor;
            this.trail = trail;
        }

        @Override
        protected void lineReceived(byte[] line) {
            DeferredContext.with(REQUEST_ID, "req-" + ++requests, () -> {
                note("received");
                LoopingCall heartbeat = new LoopingCall(reactor, () -> note("still working"));
                heartbeat.start(Duration.ofMillis(1));           // a beat now, then every ms
                reactor.deferToThread(() -> {
                    note("measuring");                           // on a pool thread
                    return line.length;
                }).addCallback(length -> {
                    heartbeat.stop();
                    note("answering");                           // back on the reactor thread
                    sendLine(REQUEST_ID.get() + " " + length);
                    return null;
                });
            });
        }

        private void note(String what) {
            String thread = reactor.isInReactorThread() ? "reactor" : "pool";
            trail.add(REQUEST_ID.get() + " " + what + " (" + thread + ")");
        }
    }
    // end-snippet

    /** The client of the sample: sends its lines, collects the answers, hangs up after the last. */
    static final class Asker extends LineReceiver {
        final List<String> lines;
        final List<String> answers = new ArrayList<>();
        final Deferred<List<String>> done = new Deferred<>();

        Asker(List<String> lines) {
            this.lines = lines;
        }

        // One line at a time: the server answers each on whichever pool thread finishes first, so
        // two lines in flight could be answered in either order.
        @Override
        public void connectionMade() {
            sendLine(lines.get(0));
        }

        @Override
        protected void lineReceived(byte[] line) {
            answers.add(new String(line, StandardCharsets.UTF_8));
            if (answers.size() == lines.size()) {
                transport.loseConnection();
                done.callback(answers);
            } else {
                sendLine(lines.get(answers.size()));
            }
        }
    }

    /**
     * Runs the request-id sample: a {@link LengthServer} on a loopback port and a client asking it
     * {@code lines}. Call on the reactor thread.
     *
     * @param reactor a running reactor
     * @param lines what the client asks
     * @param trail where the server notes what each request did, and where
     * @return fires with the answers once the client has them all
     */
    public static Deferred<List<String>> requestIds(SelectReactor reactor, List<String> lines, List<String> trail) {
        TcpReactor tcp = new TcpReactor(reactor);
        return Endpoints.serverFromString(tcp, "tcp:0:interface=127.0.0.1")
                .listen(Factory.forProtocol(() -> new LengthServer(reactor, trail)))
                .addCallbackDeferred((ListeningPort port) -> {
                    int number = ((IPAddress) port.getHost()).port();
                    Asker asker = new Asker(lines);
                    return Endpoints.connectProtocol(Endpoints.clientFromString(tcp, "tcp:host=127.0.0.1:port=" + number), asker)
                            .addCallbackDeferred(connected -> asker.done)
                            .addBoth(result -> {
                                port.stopListening();
                                return result.get();
                            });
                });
    }

    /**
     * The MDC bridge sample.
     *
     * @return what the MDC held inside the context, then outside it
     */
    public static String mdc() {
        // snippet:guide-context-mdc
        MdcBridge bridge = MdcBridge.install(REQUEST_ID);       // once, at startup
        String inside = DeferredContext.with(REQUEST_ID, "req-7", () -> MDC.get("requestId"));
        // inside is "req-7": a logback pattern with %X{requestId} prints it on every log line
        // end-snippet
        String outside = String.valueOf(MDC.get("requestId"));
        bridge.close();
        return inside + " " + outside;
    }
}
