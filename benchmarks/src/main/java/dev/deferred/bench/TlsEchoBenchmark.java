package dev.deferred.bench;

import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.tls.Pem;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsProtocol;
import dev.deferred.net.tls.TlsTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
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
 * TLS echo throughput over loopback: one TLS connection, a burst is {@value #BURST} messages of
 * {@link #size} bytes, done once every byte has come back decrypted; each invocation runs
 * {@link EchoBenchmark#BURSTS} bursts back to back on the loop, as {@link EchoBenchmark} does. Score =
 * messages per second (times {@code size} for bytes per second). Both peers use the JDK's
 * {@code SSLEngine} from the same {@link SSLContext}s (TLS 1.3, the same cipher suite): ours is
 * {@link TlsProtocol} on {@code TcpReactor}, Netty's is {@link SslHandler} (JDK provider) on one
 * {@code NioEventLoopGroup} thread; client and server share one event loop in both, as in
 * {@link EchoBenchmark}. The key is the TEST-ONLY one of {@code resources/bench-tls}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TlsEchoBenchmark {
    static final int BURST = 100;

    /** Bytes per message: 1 KiB and 64 KiB (bulk). */
    @Param({"1024", "65536"})
    public int size;

    private SSLContext serverContext;
    private SSLContext clientContext;

    private BenchReactor net;
    private EchoBenchmark.BurstClient client;
    private final EchoBenchmark.Burst burst = new EchoBenchmark.Burst(() -> {
        for (int i = 0; i < BURST; i++) {
            client.getTransport().write(this.message);
        }
    }, r -> net.reactor.callFromThread(r));
    private byte[] message;

    private NioEventLoopGroup group;
    private Channel nettyClient;
    private final EchoBenchmark.Burst nettyBurst = new EchoBenchmark.Burst(() -> {
        for (int i = 0; i < BURST; i++) {
            nettyClient.write(this.nettyMessage.duplicate());
        }
        nettyClient.flush();
    }, r -> group.next().execute(r));
    private ByteBuf nettyMessage;

    /**
     * Netty turns Nagle's algorithm off by default; we keep the OS default, as Twisted does. A TLS
     * echo sends a record's tail as a small second segment, which Nagle holds back until the
     * peer's delayed ACK: turn it off for ours too, so both run alike.
     */
    static void noDelay(dev.deferred.net.protocol.Protocol tlsApp) {
        TlsProtocol layer = (TlsProtocol) tlsApp.getTransport();
        ((dev.deferred.net.tcp.TcpConnection) layer.getTransport()).setTcpNoDelay(true);
    }

    /** The echo server, with Nagle off like Netty's. */
    static final class NoDelayEcho extends dev.deferred.net.protocol.Protocol {
        @Override
        public void connectionMade() {
            noDelay(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    private static Path resource(String name, Path dir) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = TlsEchoBenchmark.class.getResourceAsStream("/bench-tls/" + name)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private void contexts() throws Exception {
        Path dir = Files.createTempDirectory("bench-tls");
        Path keyFile = resource("localhost-TEST-ONLY.key.pem", dir);
        Path certFile = resource("localhost-TEST-ONLY.cert.pem", dir);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        Files.delete(keyFile);
        Files.delete(certFile);
        Files.delete(dir);
        char[] pw = "bench".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key, pw, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", chain.get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    private SSLEngine nettyClientEngine(int port) {
        SSLEngine e = clientContext.createSSLEngine("localhost", port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the same verification as ours
        e.setSSLParameters(p);
        return e;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        contexts();
        message = new byte[size];
        net = new BenchReactor();
        client = new EchoBenchmark.BurstClient(burst);
        TlsOptions serverOptions = TlsOptions.server(serverContext);
        TlsOptions clientOptions = TlsOptions.client("localhost", clientContext);
        int port = net.listen(TlsProtocol.wrapFactory(
                dev.deferred.net.protocol.Factory.forProtocol(NoDelayEcho::new), serverOptions), 50);
        net.call(() -> net.tcp.connectTCP("127.0.0.1", port,
                new ClientFactory(() -> new TlsProtocol(clientOptions, client)), Duration.ofSeconds(10)));
        client.connected.get(10, TimeUnit.SECONDS);
        net.call(() -> {
            noDelay(client);
            return null;
        });
        CompletableFuture<Object> handshake = new CompletableFuture<>();
        net.call(() -> ((TlsTransport) client.getTransport()).whenHandshakeDone()
                .addBoth(r -> handshake.complete(r.isSuccess() ? r.get() : r.getCause())));
        if (handshake.get(10, TimeUnit.SECONDS) instanceof Throwable t) {
            throw new IllegalStateException("our TLS handshake failed", t);
        }

        group = new NioEventLoopGroup(1);
        nettyMessage = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SSLEngine e = serverContext.createSSLEngine();
                        e.setUseClientMode(false);
                        ch.pipeline().addLast(new SslHandler(e), new EchoBenchmark.NettyEcho());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int nettyPort = ((InetSocketAddress) server.localAddress()).getPort();
        nettyClient = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SslHandler(nettyClientEngine(nettyPort)),
                                new EchoBenchmark.NettyBurstClient(nettyBurst));
                    }
                }).connect(server.localAddress()).sync().channel();
        nettyClient.pipeline().get(SslHandler.class).handshakeFuture().sync();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        net.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    @OperationsPerInvocation(BURST * EchoBenchmark.BURSTS)
    public void deferred() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        net.reactor.callFromThread(() -> burst.start(f, (long) size * BURST));
        f.get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(BURST * EchoBenchmark.BURSTS)
    public void netty() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        group.next().execute(() -> nettyBurst.start(f, (long) size * BURST));
        f.get(10, TimeUnit.SECONDS);
    }
}
