package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.LineReceiver;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.SelectReactor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Example: an echo server and a client, both set up from endpoint strings, on a real
 * {@link SelectReactor} that runs on the main thread.
 *
 * <p>Shows: {@code Endpoints.serverFromString("tcp:0:interface=127.0.0.1")} (port 0: the OS picks
 * one), {@code clientFromString("tcp:host=...:port=...")}, a {@link Protocol} that writes back what
 * it reads, a {@link LineReceiver} client, and stopping the reactor when the conversation is over.
 * A guard timer stops the reactor after 5 s whatever happens, so the program always ends.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.EchoExample}
 */
public final class EchoExample {
    private EchoExample() {
    }

    /** The server side: writes every byte it receives straight back. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /** The client side: sends its lines, collects the echoes, hangs up after the last one. */
    static final class Talker extends LineReceiver {
        final List<String> lines;
        final List<String> echoes = new ArrayList<>();
        final Deferred<List<String>> done = new Deferred<>();

        Talker(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public void connectionMade() {
            lines.forEach(this::sendLine);
        }

        @Override
        protected void lineReceived(byte[] line) {
            echoes.add(new String(line, StandardCharsets.UTF_8));
            if (echoes.size() == lines.size()) {
                transport.loseConnection();
                done.callback(echoes);
            }
        }
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
        SelectReactor reactor = new SelectReactor();
        TcpReactor tcp = new TcpReactor(reactor);
        reactor.callLater(Duration.ofSeconds(5), () -> {
            out.println("guard: 5 s passed, stopping");
            reactor.stop();
        });
        reactor.callWhenRunning(() -> Endpoints.serverFromString(tcp, "tcp:0:interface=127.0.0.1")
                .listen(Factory.forProtocol(Echo::new))
                .addCallbackDeferred((ListeningPort port) -> {
                    int number = ((IPAddress) port.getHost()).port();
                    out.println("echo server listening on 127.0.0.1:" + number);
                    Talker talker = new Talker(List.of("hello", "deferred", "bye"));
                    return Endpoints.connectProtocol(
                                    Endpoints.clientFromString(tcp, "tcp:host=127.0.0.1:port=" + number), talker)
                            .addCallbackDeferred(connected -> talker.done)
                            .addBoth(result -> {
                                port.stopListening();
                                return result.get();
                            });
                })
                .addCallback(echoes -> {
                    echoes.forEach(e -> out.println("echoed: " + e));
                    return null;
                })
                .addErrback(e -> {
                    out.println("failed: " + e);
                    return null;
                })
                .addBoth(ignored -> {
                    reactor.stop();
                    return null;
                }));
        reactor.run();                     // returns once stopped
        out.println("reactor stopped");
    }
}
