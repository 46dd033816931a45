package dev.deferred.net.unix;

import dev.deferred.net.internal.AcceptBackoffScenario;
import dev.deferred.net.tcp.LoopbackReactor;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UNIX port whose accept keeps failing (out of file descriptors) backs off as a TCP port does,
 * instead of retrying on every turn of the loop and warning each time, and serves the waiting
 * connection once accepting works again.
 */
class UnixAcceptBackoffTest {

    @Test
    void failingAcceptsBackOffWarnOnceAndResume(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("busy.sock");
        try (LoopbackReactor lr = new LoopbackReactor()) {
            UnixReactor unix = new UnixReactor(lr.tcp);
            AcceptBackoffScenario scenario = new AcceptBackoffScenario();
            UnixPort port = (UnixPort) lr.call(() -> unix.listenUNIX(sock.toString(), scenario.factory()));
            scenario.failingAcceptsBackOffWarnOnceAndResume(lr, port, () -> {
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
                client.connect(UnixDomainSocketAddress.of(sock));
                return client;
            });
            lr.call(port::stopListening);
        }
    }
}
