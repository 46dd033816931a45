package dev.deferred.examples;

import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.net.tls.TlsTransport;
import dev.deferred.reactor.SelectReactor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Example: the echo server and client of {@link EchoExample}, over TLS, set up from endpoint
 * strings.
 *
 * <p>Shows: {@code serverFromString("ssl:0:interface=127.0.0.1:privateKey=KEY:certKey=CERT")} (PEM
 * files, no keystore), {@code clientFromString("ssl:host=localhost:port=N:trustRoots=CERT")}
 * (trusting that one self-signed certificate; hostname verification is on), the session a
 * protocol finds on its {@link TlsTransport}, and a clean close ({@code close_notify}).
 *
 * <p>Run: {@code java -cp ... dev.deferred.examples.TlsEchoExample [KEY.pem CERT.pem]}. Without
 * arguments it makes a throw-away self-signed certificate for {@code localhost} with
 * {@code openssl} in a temporary directory (deleted at the end): TEST-ONLY key material, never
 * for a real service.
 */
public final class TlsEchoExample {
    private TlsEchoExample() {
    }

    /**
     * Runs the example.
     *
     * @param args optionally the private key and certificate PEM files
     * @throws Exception if the certificate cannot be made
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2) {
            run(System.out, Path.of(args[0]), Path.of(args[1]));
            return;
        }
        Path dir = Files.createTempDirectory("tls-example");
        try {
            Path key = dir.resolve("localhost-TEST-ONLY.key.pem");
            Path cert = dir.resolve("localhost-TEST-ONLY.cert.pem");
            makeSelfSigned(key, cert);
            run(System.out, key, cert);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A TEST-ONLY self-signed EC certificate for localhost and 127.0.0.1, made by openssl. */
    static void makeSelfSigned(Path key, Path cert) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run openssl to make a test certificate (" + e.getMessage()
                    + "); pass KEY.pem CERT.pem as arguments instead", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl failed to make a test certificate: " + out);
        }
    }

    static void run(PrintStream out, Path key, Path cert) {
        SelectReactor reactor = new SelectReactor();
        TcpReactor tcp = new TcpReactor(reactor);
        reactor.callLater(Duration.ofSeconds(10), () -> {
            out.println("guard: 10 s passed, stopping");
            reactor.stop();
        });
        String server = "ssl:0:interface=127.0.0.1:privateKey=" + escape(key) + ":certKey=" + escape(cert);
        reactor.callWhenRunning(() -> Endpoints.serverFromString(tcp, server)
                .listen(Factory.forProtocol(EchoExample.Echo::new))
                .addCallbackDeferred((ListeningPort port) -> {
                    int number = ((IPAddress) port.getHost()).port();
                    out.println("TLS echo server listening on 127.0.0.1:" + number);
                    EchoExample.Talker talker = new EchoExample.Talker(List.of("hello", "over", "tls"));
                    String client = "ssl:host=localhost:port=" + number + ":trustRoots=" + escape(cert);
                    return Endpoints.connectProtocol(Endpoints.clientFromString(tcp, client), talker)
                            .addCallbackDeferred(connected -> {
                                // The connect fired after the handshake: the session is there.
                                TlsTransport tls = (TlsTransport) connected.getTransport();
                                out.println("handshake done: " + tls.getSession().getProtocol());
                                return talker.done;
                            })
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
        reactor.run();
        out.println("reactor stopped");
    }

    /** Endpoint strings separate with colons: a colon in a path is written {@code \:}. */
    private static String escape(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\").replace(":", "\\:");
    }
}
