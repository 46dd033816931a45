package dev.deferred.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Supplier;

/**
 * The two Netty transports the network benchmarks compare against: NIO (a JDK Selector, as our
 * reactor) and the native epoll transport (JNI, edge-triggered epoll, no Selector). Both run on
 * Netty 4.2's {@link MultiThreadIoEventLoopGroup}.
 */
enum NettyTransport {
    NIO(NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class),
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class);

    private final Supplier<IoHandlerFactory> handlers;
    final Class<? extends ServerSocketChannel> serverChannel;
    final Class<? extends SocketChannel> clientChannel;

    NettyTransport(Supplier<IoHandlerFactory> handlers, Class<? extends ServerSocketChannel> serverChannel,
            Class<? extends SocketChannel> clientChannel) {
        this.handlers = handlers;
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
    }

    /**
     * An event-loop group of {@code threads} threads of this transport.
     *
     * @throws IllegalStateException if the native epoll library cannot be loaded here
     */
    EventLoopGroup group(int threads) {
        if (this == EPOLL && !Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's native epoll transport is unavailable here", Epoll.unavailabilityCause());
        }
        return new MultiThreadIoEventLoopGroup(threads, handlers.get());
    }
}
