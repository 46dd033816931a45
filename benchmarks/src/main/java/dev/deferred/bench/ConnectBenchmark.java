package dev.deferred.bench;

import dev.deferred.net.endpoint.TCP4ClientEndpoint;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * New connections per second over loopback: connect a client to a server on the same event loop,
 * wait until the client protocol is connected, then abort it (linger 0, so no TIME_WAIT piles up
 * and uses the ephemeral ports). Ours through a {@link TCP4ClientEndpoint}; Netty through a
 * {@link Bootstrap} on one NIO event loop thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ConnectBenchmark {
    private BenchReactor net;
    private TCP4ClientEndpoint endpoint;
    @SuppressWarnings("this-escape") // forProtocol only keeps the lambda (run per connection); JMH subclasses this class
    private final Factory clientFactory = Factory.forProtocol(() -> new Protocol() { });

    /** A handler that does nothing, shareable between channels. */
    @ChannelHandler.Sharable
    static final class Nop extends ChannelInboundHandlerAdapter {
    }

    private static final Nop NOP = new Nop();

    private NioEventLoopGroup group;
    private Bootstrap nettyClient;
    private InetSocketAddress nettyServer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        net = new BenchReactor();
        int port = net.listen(Factory.forProtocol(() -> new Protocol() { }), 1024);
        endpoint = new TCP4ClientEndpoint(net.tcp, "127.0.0.1", port);

        group = new NioEventLoopGroup(1);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(NOP)
                .bind("127.0.0.1", 0).sync().channel();
        nettyServer = (InetSocketAddress) server.localAddress();
        nettyClient = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.SO_LINGER, 0)
                .handler(NOP);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    public void deferred() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        net.reactor.callFromThread(() -> endpoint.connect(clientFactory).addBoth(r -> {
            if (r.isSuccess()) {
                r.get().getTransport().abortConnection();
                done.complete(null);
            } else {
                done.completeExceptionally(r.getCause());
            }
            return null;
        }));
        done.get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public void netty() throws Exception {
        Channel ch = nettyClient.connect(nettyServer).sync().channel();
        ch.close().sync();
    }
}
