package dev.deferred.net.tcp;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that never accepts, with a full accept queue: on Linux a further connect stays
 * pending (its SYN is dropped) until cancelled or timed out.
 */
final class Blackhole implements AutoCloseable {
    final ServerSocketChannel server = ServerSocketChannel.open();
    final List<SocketChannel> fillers = new ArrayList<>();

    Blackhole() throws Exception {
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        for (int i = 0; i < 3; i++) { // the queue holds backlog + 1 = 2
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            c.connect(server.getLocalAddress());
            fillers.add(c);
        }
    }

    int port() throws Exception {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws Exception {
        for (SocketChannel c : fillers) {
            c.close();
        }
        server.close();
    }
}
