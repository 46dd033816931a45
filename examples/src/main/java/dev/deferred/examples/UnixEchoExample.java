package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.LineReceiver;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.net.unix.UnixReactor;
import dev.deferred.reactor.SelectReactor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Example: an echo server and a client over a UNIX-domain socket file, set up from Twisted's
 * endpoint strings ({@code unix:PATH:mode=600} and {@code unix:path=PATH}).
 *
 * <p>Shows: {@link UnixReactor} on a {@link TcpReactor} (the same protocols and transport as TCP),
 * the peer's address, and the socket file and its lock file removed when the port stops. A guard
 * timer stops the reactor after 5 s whatever happens.
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.UnixEchoExample}
 */
public final class UnixEchoExample {
    private UnixEchoExample() {
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
     * @throws IOException if no temporary directory can be made
     */
    public static void main(String[] args) throws IOException {
        run(System.out);
    }

    static void run(PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("unix-echo");
        String path = dir.resolve("echo.sock").toString();
        SelectReactor reactor = new SelectReactor();
        UnixReactor unix = new UnixReactor(new TcpReactor(reactor));
        reactor.callLater(Duration.ofSeconds(5), () -> {
            out.println("guard: 5 s passed, stopping");
            reactor.stop();
        });
        reactor.callWhenRunning(() -> Endpoints.serverFromString(unix, "unix:" + path + ":mode=600")
                .listen(Factory.forProtocol(Echo::new))
                .addCallbackDeferred((ListeningPort port) -> {
                    out.println("listening on a socket file, lock file present: " + Files.isSymbolicLink(Path.of(path + ".lock")));
                    Talker talker = new Talker(List.of("hello", "over", "a file"));
                    return Endpoints.connectProtocol(Endpoints.clientFromString(unix, "unix:path=" + path), talker)
                            .addCallbackDeferred(connected -> {
                                out.println("connected; the server's address is " + connected.getTransport().getPeer());
                                return talker.done;
                            })
                            .addBoth(result -> {
                                port.stopListening();
                                out.println("stopped; socket file left behind: " + Files.exists(Path.of(path)));
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
        reactor.run();
        Files.deleteIfExists(dir);
        out.println("reactor stopped");
    }
}
