package dev.deferred.bench;

import dev.deferred.net.protocol.BufferReceiver;
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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Echo throughput over loopback TCP: a burst is {@value #BURST} messages of {@link #size} bytes,
 * spread evenly over {@link #connections} client connections, done once every byte has come back;
 * each invocation runs {@value #BURSTS} bursts back to back on the event loop, the next one posted
 * to the loop's queue when the last is back (the Twisted harness does the same with
 * {@code callLater(0)}), so the benchmark thread's cross-thread start and wait are paid once per
 * {@value #BURSTS} bursts rather than on every one. Score = messages per second (times
 * {@code size} for bytes per second). Clients and server share one event loop in every peer: our {@code SelectReactor} with
 * {@code TcpReactor}, Netty's NIO transport and Netty's native epoll transport, each Netty one on
 * a one-thread event-loop group, each written the idiomatic way (Netty: write the burst, then
 * flush once; its echo server flushes on read-complete).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EchoBenchmark {
    static final int BURST = 100;
    /** Bursts per invocation, back to back on the loop. */
    static final int BURSTS = 10;

    /** Bytes per message: 1 KiB and 64 KiB. */
    @Param({"1024", "65536"})
    public int size;

    /** Client connections the burst is spread over (must divide {@value #BURST}). */
    @Param({"1", "100"})
    public int connections;

    /**
     * One invocation's bookkeeping, shared by the clients of one event loop (that thread only):
     * the bytes of the current burst still to come back, and the bursts still to send.
     */
    static final class Burst {
        /** Writes one burst (on the loop). */
        private final Runnable send;
        /** Posts a call to the loop's queue (from the loop). */
        private final Consumer<Runnable> post;
        private final Runnable next = this::next;
        private long perBurst;
        private long pending;
        private int left;
        private CompletableFuture<Void> done;

        Burst(Runnable send, Consumer<Runnable> post) {
            this.send = send;
            this.post = post;
        }

        /** On the loop: starts the {@value #BURSTS} bursts of {@code perBurst} bytes that {@code f} waits for. */
        void start(CompletableFuture<Void> f, long perBurst) {
            this.done = f;
            this.perBurst = perBurst;
            this.left = BURSTS;
            next();
        }

        private void next() {
            pending = perBurst;
            send.run();
        }

        void received(long n) {
            pending -= n;
            if (pending == 0) {
                if (--left == 0) {
                    done.complete(null);
                } else {
                    post.accept(next);
                }
            }
        }
    }

    // ---------------------------------------------------------------- deferred's reactor

    private BenchReactor net;
    private final List<BurstClient> clients = new ArrayList<>();
    private final Burst burst = new Burst(this::writeBurst, r -> net.reactor.callFromThread(r));
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

    // ---------------------------------------------------------------- deferred, ByteBuffer API

    private final List<BufferBurstClient> bufferClients = new ArrayList<>();
    private ByteBuffer directMessage;
    private final Burst bufferBurst = new Burst(this::writeBufferBurst, r -> net.reactor.callFromThread(r));

    /** {@link BurstClient} on the zero-copy path: counts the lent buffer, keeps nothing. */
    static final class BufferBurstClient extends Protocol implements BufferReceiver {
        private final Burst burst;
        final CompletableFuture<Void> connected = new CompletableFuture<>();

        BufferBurstClient(Burst burst) {
            this.burst = burst;
        }

        @Override
        public void connectionMade() {
            connected.complete(null);
        }

        @Override
        public void bufferReceived(ByteBuffer data) {
            burst.received(data.remaining());
        }
    }

    /** {@link Echo} on the zero-copy path: writes the lent direct buffer back as it is. */
    static final class BufferEcho extends Protocol implements BufferReceiver {
        @Override
        public void bufferReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    // ---------------------------------------------------------------- Netty

    /** One Netty transport's side of the benchmark: its loop, server, clients and burst. */
    static final class NettySide {
        final EventLoopGroup group;
        final List<Channel> clients = new ArrayList<>();
        final Burst burst;
        final ByteBuf message;

        NettySide(NettyTransport transport, int size, int connections) throws InterruptedException {
            group = transport.group(1);
            message = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
            int each = BURST / connections;
            burst = new Burst(() -> {
                for (Channel ch : clients) {
                    for (int k = 0; k < each; k++) {
                        ch.write(message.duplicate());
                    }
                    ch.flush();
                }
            }, r -> group.next().execute(r));
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new NettyEcho());
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            Bootstrap b = new Bootstrap().group(group).channel(transport.clientChannel)
                    .handler(new NettyBurstClient(burst));
            for (int i = 0; i < connections; i++) {
                clients.add(b.connect((InetSocketAddress) server.localAddress()).sync().channel());
            }
        }

        void run(int size) throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            group.next().execute(() -> burst.start(f, (long) size * BURST));
            f.get(10, TimeUnit.SECONDS);
        }

        void close() throws InterruptedException {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private NettySide nio;
    private NettySide epoll;

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
        directMessage = ByteBuffer.allocateDirect(size);
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
        for (int i = 0; i < connections; i++) {
            bufferClients.add(new BufferBurstClient(bufferBurst));
        }
        int bufferPort = net.listen(Factory.forProtocol(BufferEcho::new), 1024);
        net.call(() -> {
            for (BufferBurstClient c : bufferClients) {
                net.tcp.connectTCP("127.0.0.1", bufferPort, new ClientFactory(() -> c), Duration.ofSeconds(10));
            }
            return null;
        });
        for (BufferBurstClient c : bufferClients) {
            c.connected.get(10, TimeUnit.SECONDS);
        }

        nio = new NettySide(NettyTransport.NIO, size, connections);
        epoll = new NettySide(NettyTransport.EPOLL, size, connections);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
        nio.close();
        epoll.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST * BURSTS)
    public void deferred() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        net.reactor.callFromThread(() -> burst.start(f, (long) size * BURST));
        f.get(10, TimeUnit.SECONDS);
    }

    /** One burst of {@link #deferred}, on the loop. */
    private void writeBurst() {
        int each = BURST / connections;
        for (BurstClient c : clients) {
            for (int i = 0; i < each; i++) {
                c.getTransport().write(message);
            }
        }
    }

    /**
     * Ours on the zero-copy path: the server and clients implement {@link BufferReceiver}, the
     * server writes the lent direct buffer back, and the clients write a duplicate of one direct
     * buffer (as the Netty clients write a duplicate of one direct {@code ByteBuf}).
     */
    @Benchmark
    @OperationsPerInvocation(BURST * BURSTS)
    public void deferredBuffer() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        net.reactor.callFromThread(() -> bufferBurst.start(f, (long) size * BURST));
        f.get(10, TimeUnit.SECONDS);
    }

    /** One burst of {@link #deferredBuffer}, on the loop. */
    private void writeBufferBurst() {
        int each = BURST / connections;
        for (BufferBurstClient c : bufferClients) {
            for (int i = 0; i < each; i++) {
                c.getTransport().write(directMessage.duplicate());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST * BURSTS)
    public void netty() throws Exception {
        nio.run(size);
    }

    @Benchmark
    @OperationsPerInvocation(BURST * BURSTS)
    public void nettyEpoll() throws Exception {
        epoll.run(size);
    }
}
