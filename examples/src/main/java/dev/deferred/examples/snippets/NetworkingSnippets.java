package dev.deferred.examples.snippets;

import dev.deferred.net.protocol.BufferReceiver;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.TcpReactorGroup;
import java.nio.ByteBuffer;

/** The samples of {@code docs/networking.md}. */
public final class NetworkingSnippets {
    private NetworkingSnippets() {
    }

    // snippet:networking-buffer
    /** Echoes without a copy: the bytes go from the reactor's read buffer straight to the socket. */
    public static final class BufferEcho extends Protocol implements BufferReceiver {
        @Override
        public void bufferReceived(ByteBuffer data) {
            transport.write(data);  // lent for this call only: write copies what the socket does not take
        }
    }
    // end-snippet

    /**
     * An echo server on every reactor of {@code group}.
     *
     * @param group a running group
     * @return the port it listens on (127.0.0.1, chosen by the system)
     * @throws CannotListenException if it cannot listen
     */
    public static int serve(TcpReactorGroup group) throws CannotListenException {
        // snippet:networking-group
        ListeningPort port = group.listenTCP(0, Factory.forProtocol(BufferEcho::new), 1024, "127.0.0.1");
        // end-snippet
        return ((IPAddress) port.getHost()).port();
    }
}
