package dev.deferred.bench;

import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Echo throughput over loopback TCP: each invocation sends {@value #BURST} messages of
 * {@link #size} bytes, spread evenly over {@link #connections} client connections, and waits
 * until every byte has come back. Score = messages per second (times {@code size} for bytes per
 * second). Clients and server share one event loop in both peers: our {@code SelectReactor} with
 * {@code TcpReactor}, and Netty's NIO transport on one {@code NioEventLoopGroup} thread, each
 * written the idiomatic way (Netty: write the burst, then flush once; its echo server flushes on
 * read-complete).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EchoBenchmark {
    static final int BURST = 100;

    /** Bytes per message: 1 KiB and 64 KiB. */
    @Param({"1024", "65536"})
    public int size;

    /** Client connections the burst is spread over (must divide {@value #BURST}). */
    @Param({"1", "100"})
    public int connections;

    /** One burst's bookkeeping, shared by the clients of one event loop (that thread only). */
    static final class Burst {
        long pending;
        CompletableFuture<Void> done;

        void received(long n) {
            pending -= n;
            if (pending == 0) {
                done.complete(null);
            }
        }
    }

    // ---------------------------------------------------------------- deferred's reactor

    private BenchReactor net;
    private final List<BurstClient> clients = new ArrayList<>();
    private final Burst burst = new Burst();
    private byte[] message;

    /** Counts the echoed bytes into the shared {@link Burst}. */
    static final class BurstClient extends Protocol {
        private final Burst burst;
        final CompletableFuture<Void> connected = new CompletableFuture<>();

        BurstClient(Burst burst) {
            this.burst = burst;
        }

        @Override
        public void connectionMade() {
            connected.complete(null);
        }

        @Override
        public void dataReceived(byte[] data) {
            burst.received(data.length);
        }
    }

    /** Writes back what it reads. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    // ---------------------------------------------------------------- Netty

    private NioEventLoopGroup group;
    private final List<Channel> nettyClients = new ArrayList<>();
    private final Burst nettyBurst = new Burst();
    private ByteBuf nettyMessage;

    /** Netty's client handler: the same counting as {@link BurstClient}. */
    @io.netty.channel.ChannelHandler.Sharable
    static final class NettyBurstClient extends ChannelInboundHandlerAdapter {
        private final Burst burst;

        NettyBurstClient(Burst burst) {
            this.burst = burst;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            long n = b.readableBytes();
            b.release();
            burst.received(n);
        }
    }

    /** Netty's echo server handler. */
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (BURST % connections != 0) {
            throw new IllegalArgumentException("connections must divide " + BURST + ", got " + connections);
        }
        message = new byte[size];
        net = new BenchReactor();
        for (int i = 0; i < connections; i++) {
            clients.add(new BurstClient(burst));
        }
        int port = net.listen(Factory.forProtocol(Echo::new), 1024);
        net.call(() -> {
            for (BurstClient c : clients) {
                net.tcp.connectTCP("127.0.0.1", port, new ClientFactory(() -> c), Duration.ofSeconds(10));
            }
            return null;
        });
        for (BurstClient c : clients) {
            c.connected.get(10, TimeUnit.SECONDS);
        }

        group = new NioEventLoopGroup(1);
        nettyMessage = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new NettyEcho());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new NettyBurstClient(nettyBurst));
        for (int i = 0; i < connections; i++) {
            nettyClients.add(b.connect((InetSocketAddress) server.localAddress()).sync().channel());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void deferred() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        int each = BURST / connections;
        net.reactor.callFromThread(() -> {
            burst.done = f;
            burst.pending = (long) size * BURST;
            for (BurstClient c : clients) {
                for (int i = 0; i < each; i++) {
                    c.getTransport().write(message);
                }
            }
        });
        f.get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void netty() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        int each = BURST / connections;
        group.next().execute(() -> {
            nettyBurst.done = f;
            nettyBurst.pending = (long) size * BURST;
            for (Channel ch : nettyClients) {
                for (int i = 0; i < each; i++) {
                    ch.write(nettyMessage.duplicate());
                }
                ch.flush();
            }
        });
        f.get(10, TimeUnit.SECONDS);
    }
}
