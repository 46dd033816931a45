package dev.deferred.bench;

import dev.deferred.reactor.SelectReactor;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.IPAddress;
import dev.deferred.reactor.protocol.ListeningPort;
import dev.deferred.reactor.protocol.Protocol;
import dev.deferred.reactor.tcp.TcpReactor;
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
 * Echo throughput over loopback TCP, one connection, {@link #size}-byte messages: each invocation sends a
 * burst of {@value #BURST} messages from the client and waits until all of them have come back.
 * Score = messages per second. Client and server share one event loop in both peers: our
 * {@code SelectReactor} with {@code TcpReactor}, and Netty's NIO transport with one
 * {@code NioEventLoopGroup} thread, each written the idiomatic way (Netty: write the burst, then
 * flush once; the echo server flushes on read-complete).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EchoBenchmark {
    static final int BURST = 100;

    /** Bytes per message: 1 KiB (messages/s) and 64 KiB (multiply the score by 64 KiB for bytes/s). */
    @Param({"1024", "65536"})
    public int size;

    // ---------------------------------------------------------------- deferred's reactor

    private SelectReactor reactor;
    private Thread reactorThread;
    private BurstClient client;

    /** Sends bursts on request (from the benchmark thread, via callFromThread) and counts echoes. */
    static final class BurstClient extends Protocol {
        private final byte[] message;
        private final long burstBytes;
        private final SelectReactor reactor;
        // reactor thread only
        private long pending;
        private CompletableFuture<Void> done;
        final CompletableFuture<Void> connected = new CompletableFuture<>();

        BurstClient(SelectReactor reactor, int size) {
            this.reactor = reactor;
            this.message = new byte[size];
            this.burstBytes = (long) size * BURST;
        }

        @Override
        public void connectionMade() {
            connected.complete(null);
        }

        CompletableFuture<Void> burst() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            reactor.callFromThread(() -> {
                done = f;
                pending = burstBytes;
                for (int i = 0; i < BURST; i++) {
                    transport.write(message);
                }
            });
            return f;
        }

        @Override
        public void dataReceived(byte[] data) {
            pending -= data.length;
            if (pending == 0) {
                done.complete(null);
            }
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
    private Channel nettyClient;
    private NettyBurstClient nettyHandler;
    private ByteBuf nettyMessage;

    /** Netty's burst client: the same counting as {@link BurstClient}. */
    static final class NettyBurstClient extends ChannelInboundHandlerAdapter {
        private final long burstBytes;
        private long pending;
        private CompletableFuture<Void> done;

        NettyBurstClient(int size) {
            this.burstBytes = (long) size * BURST;
        }

        void start(CompletableFuture<Void> f) {
            done = f;
            pending = burstBytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            pending -= b.readableBytes();
            b.release();
            if (pending == 0) {
                done.complete(null);
            }
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
        reactor = new SelectReactor();
        TcpReactor tcp = new TcpReactor(reactor);
        reactorThread = new Thread(reactor::run, "bench-reactor");
        reactorThread.start();
        client = new BurstClient(reactor, size);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                ListeningPort p = tcp.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
                int n = ((IPAddress) p.getHost()).port();
                port.complete(n);
                tcp.connectTCP("127.0.0.1", n, new dev.deferred.reactor.protocol.ClientFactory(() -> client),
                        Duration.ofSeconds(10));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        port.get(10, TimeUnit.SECONDS);
        client.connected.get(10, TimeUnit.SECONDS);

        group = new NioEventLoopGroup(1);
        nettyMessage = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new NettyEcho());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        nettyHandler = new NettyBurstClient(size);
        nettyClient = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(nettyHandler)
                .connect((InetSocketAddress) server.localAddress()).sync().channel();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        reactor.callFromThread(reactor::stop);
        reactorThread.join(10_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void deferredSelectReactor() throws Exception {
        client.burst().get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void nettyNio() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        nettyClient.eventLoop().execute(() -> {
            nettyHandler.start(f);
            for (int i = 0; i < BURST; i++) {
                nettyClient.write(nettyMessage.duplicate());
            }
            nettyClient.flush();
        });
        f.get(10, TimeUnit.SECONDS);
    }
}
