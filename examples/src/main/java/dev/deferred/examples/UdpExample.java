package dev.deferred.examples;

import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.udp.DatagramProtocol;
import dev.deferred.net.udp.DatagramTransport;
import dev.deferred.net.udp.UdpReactor;
import dev.deferred.reactor.SelectReactor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Example: UDP on a {@link SelectReactor}, Twisted's {@code listenUDP} and
 * {@code DatagramProtocol}: an echo port, and a client port that connects to it (connected UDP:
 * no address on each write) and sends three datagrams. A guard timer stops the reactor after 5 s
 * whatever happens; UDP may lose datagrams, so the client stops when all three echoes are back.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.UdpExample}
 */
public final class UdpExample {
    private UdpExample() {
    }

    /** Sends every datagram back where it came from. */
    static final class Echo extends DatagramProtocol {
        @Override
        public void datagramReceived(byte[] data, IPAddress from) {
            transport.write(data, from);
        }
    }

    /** Prints the echoes; stops the reactor after the last. */
    static final class Client extends DatagramProtocol {
        private final PrintStream out;
        private final SelectReactor reactor;
        private final List<String> messages;
        private int echoes;

        Client(PrintStream out, SelectReactor reactor, List<String> messages) {
            this.out = out;
            this.reactor = reactor;
            this.messages = messages;
        }

        @Override
        public void datagramReceived(byte[] data, IPAddress from) {
            out.println("echo from port " + from.port() + ": " + new String(data, StandardCharsets.UTF_8));
            if (++echoes == messages.size()) {
                reactor.stop();
            }
        }

        @Override
        public void connectionRefused() {
            out.println("nobody listens there");
            reactor.stop();
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
        UdpReactor udp = new UdpReactor(reactor);
        reactor.callLater(Duration.ofSeconds(5), () -> {
            out.println("guard: 5 s passed, stopping");
            reactor.stop();
        });
        List<String> messages = List.of("one", "two", "three");
        reactor.callWhenRunning(() -> {
            try {
                DatagramTransport server = udp.listenUDP(0, new Echo(), "127.0.0.1", 8192);
                out.println("echo port open on 127.0.0.1");
                DatagramTransport client = udp.listenUDP(0, new Client(out, reactor, messages), "127.0.0.1", 8192);
                client.connect("127.0.0.1", server.getHost().port()).addCallback(ignored -> {
                    messages.forEach(m -> client.write(m.getBytes(StandardCharsets.UTF_8)));
                    return null;
                });
            } catch (CannotListenException e) {
                out.println("cannot listen: " + e.getMessage());
                reactor.stop();
            }
        });
        reactor.run(); // the ports close as the reactor shuts down
        out.println("reactor stopped");
    }
}
