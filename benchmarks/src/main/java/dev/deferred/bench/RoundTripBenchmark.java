package dev.deferred.bench;

import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.tcp.TcpConnection;
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
 * Small-message round trips over loopback TCP: each client sends a {@value #SIZE}-byte request,
 * the server echoes it, and the client sends the next request only when the whole
 * {@value #SIZE}-byte answer is back (one outstanding request per connection). Each invocation does
 * {@value #TRIPS} round trips spread evenly over {@link #connections} connections, all started at
 * once. Score = round trips per second (times 128 for bytes moved per second).
 *
 * <p>Same shape on every side: clients and server share one event loop (our {@code SelectReactor}
 * with {@code TcpReactor}; Netty NIO and Netty native epoll on one-thread event-loop groups),
 * TCP_NODELAY on at both ends (Netty's default; set explicitly on ours), each side written the
 * idiomatic way (ours: {@code transport.write}, flushed by the reactor after the turn; Netty:
 * the client {@code writeAndFlush}es each request, its echo server writes and flushes on
 * read-complete).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RoundTripBenchmark {
    /** Bytes per request and per answer. */
    static final int SIZE = 64;
    /** Round trips per invocation, over all connections. */
    static final int TRIPS = 1000;

    /** Client connections, one outstanding request each (must divide {@value #TRIPS}). */
    @Param({"1", "100"})
    public int connections;

    /** The round trips of one invocation, shared by the clients of one event loop (that thread only). */
    static final class Trips {
        int pending;
        CompletableFuture<Void> done;

        void answered() {
            if (--pending == 0) {
                done.complete(null);
            }
        }
    }

    // ---------------------------------------------------------------- deferred's reactor

    private BenchReactor net;
    private final List<Client> clients = new ArrayList<>();
    private final Trips trips = new Trips();
    private final byte[] request = new byte[SIZE];

    /** Sends a request, waits for the whole answer, sends the next, {@link #left} times. */
    static final class Client extends Protocol {
        private final Trips trips;
        private final byte[] request;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        int left;
        private int got;

        Client(Trips trips, byte[] request) {
            this.trips = trips;
            this.request = request;
        }

        @Override
        public void connectionMade() {
            ((TcpConnection) transport).setTcpNoDelay(true);
            connected.complete(null);
        }

        void start(int n) {
            left = n;
            transport.write(request);
        }

        @Override
        public void dataReceived(byte[] data) {
            got += data.length;
            if (got < SIZE) {
                return; // the answer came in pieces
            }
            got -= SIZE;
            trips.answered();
            if (--left > 0) {
                transport.write(request);
            }
        }
    }

    /** Writes back what it reads. */
    static final class Echo extends Protocol {
        @Override
        public void connectionMade() {
            ((TcpConnection) transport).setTcpNoDelay(true);
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    // ---------------------------------------------------------------- Netty

    /** Netty's client: the same counting as {@link Client}. */
    static final class NettyClient extends ChannelInboundHandlerAdapter {
        private final Trips trips;
        private final ByteBuf request;
        int left;
        private int got;
        private Channel channel;

        NettyClient(Trips trips, ByteBuf request) {
            this.trips = trips;
            this.request = request;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        void start(int n) {
            left = n;
            channel.writeAndFlush(request.duplicate());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            got += b.readableBytes();
            b.release();
            if (got < SIZE) {
                return;
            }
            got -= SIZE;
            trips.answered();
            if (--left > 0) {
                ctx.writeAndFlush(request.duplicate());
            }
        }
    }

    /** One Netty transport's side: its loop, server and clients. */
    static final class NettySide {
        final EventLoopGroup group;
        final List<NettyClient> clients = new ArrayList<>();
        final Trips trips = new Trips();

        NettySide(NettyTransport transport, int connections) throws InterruptedException {
            group = transport.group(1);
            ByteBuf request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(SIZE).writeZero(SIZE));
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new EchoBenchmark.NettyEcho());
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            for (int i = 0; i < connections; i++) {
                NettyClient c = new NettyClient(trips, request);
                clients.add(c);
                new Bootstrap().group(group).channel(transport.clientChannel).handler(c)
                        .connect((InetSocketAddress) server.localAddress()).sync();
            }
        }

        void run() throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            int each = TRIPS / clients.size();
            group.next().execute(() -> {
                trips.done = f;
                trips.pending = TRIPS;
                for (NettyClient c : clients) {
                    c.start(each);
                }
            });
            f.get(10, TimeUnit.SECONDS);
        }

        void close() throws InterruptedException {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private NettySide nio;
    private NettySide epoll;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (TRIPS % connections != 0) {
            throw new IllegalArgumentException("connections must divide " + TRIPS + ", got " + connections);
        }
        net = new BenchReactor();
        for (int i = 0; i < connections; i++) {
            clients.add(new Client(trips, request));
        }
        int port = net.listen(Factory.forProtocol(Echo::new), 1024);
        net.call(() -> {
            for (Client c : clients) {
                net.tcp.connectTCP("127.0.0.1", port, new ClientFactory(() -> c), Duration.ofSeconds(10));
            }
            return null;
        });
        for (Client c : clients) {
            c.connected.get(10, TimeUnit.SECONDS);
        }
        nio = new NettySide(NettyTransport.NIO, connections);
        epoll = new NettySide(NettyTransport.EPOLL, connections);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
        nio.close();
        epoll.close();
    }

    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void deferred() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        int each = TRIPS / connections;
        net.reactor.callFromThread(() -> {
            trips.done = f;
            trips.pending = TRIPS;
            for (Client c : clients) {
                c.start(each);
            }
        });
        f.get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void netty() throws Exception {
        nio.run();
    }

    @Benchmark
    @OperationsPerInvocation(TRIPS)
    public void nettyEpoll() throws Exception {
        epoll.run();
    }
}
