package dev.deferred.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** addReader/addWriter/remove* on a real SelectReactor, over pipes and loopback TCP. */
class SelectReactorFDSetTest {

    @Test
    void aReaderIsCalledOnTheReactorThreadWhenDataArrives() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(1);
        try (ReactorThread rt = new ReactorThread(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            rt.reactor.addReader(pipe.source(), ch -> {
                threads.add(Thread.currentThread());
                ByteBuffer buf = ByteBuffer.allocate(64);
                int n = pipe.source().read(buf);
                got.write(buf.array(), 0, Math.max(n, 0));
                if (got.size() >= 10) {
                    rt.reactor.removeReader(ch);
                    all.countDown();
                }
            });
            pipe.sink().write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            pipe.sink().write(ByteBuffer.wrap("world".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(all.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals("helloworld", rt.reactor.blockingCallFromThread(() -> got.toString(StandardCharsets.US_ASCII)));
            assertTrue(threads.stream().allMatch(t -> t == rt.thread));
            assertEquals(Set.of(), rt.reactor.blockingCallFromThread(rt.reactor::getReaders));
        }
    }

    @Test
    void aWriterIsCalledWhenWritableAndStopsWhenRemoved() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        CountDownLatch wrote = new CountDownLatch(1);
        try (ReactorThread rt = new ReactorThread(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            int[] calls = {0};
            rt.reactor.addWriter(pipe.sink(), ch -> {
                calls[0]++;
                pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
                rt.reactor.removeWriter(ch);
                wrote.countDown();
            });
            assertTrue(wrote.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, pipe.source().read(one));
            assertEquals(42, one.get(0));
            // A turn of the loop later the writer has not been called again.
            assertEquals(1, (int) rt.reactor.blockingCallFromThread(() -> calls[0]));
            assertEquals(Set.of(), rt.reactor.blockingCallFromThread(rt.reactor::getWriters));
        }
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndItsChannelDropped() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        try (ReactorThread rt = new ReactorThread(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            CountDownLatch threw = new CountDownLatch(1);
            rt.reactor.addReader(pipe.source(), ch -> {
                threw.countDown();
                throw new IllegalStateException("expected by the test: logged, channel dropped");
            });
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertTrue(threw.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(Set.of(), rt.reactor.blockingCallFromThread(rt.reactor::getReaders));
            assertTrue(rt.reactor.isRunning());
        }
    }

    @Test
    void acceptConnectAndEchoOverLoopbackTcp() throws Exception {
        try (ReactorThread rt = new ReactorThread();
             ServerSocketChannel server = ServerSocketChannel.open();
             SocketChannel client = SocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            client.configureBlocking(false);
            CountDownLatch echoed = new CountDownLatch(1);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
            rt.reactor.addReader(server, ch -> {
                SocketChannel s = server.accept();
                if (s == null) {
                    return;
                }
                accepted.add(s);
                s.configureBlocking(false);
                rt.reactor.addReader(s, c -> {           // echo server
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    int n = s.read(buf);
                    if (n < 0) {
                        rt.reactor.removeAll(s);
                        return;
                    }
                    buf.flip();
                    s.write(buf);
                });
            });
            rt.reactor.blockingCallFromThread(() -> {
                client.connect(server.getLocalAddress());
                // Writer readiness while connecting is OP_CONNECT: finish, then write and read.
                rt.reactor.addWriter(client, ch -> {
                    if (client.isConnectionPending()) {
                        client.finishConnect();
                    }
                    client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                    rt.reactor.removeWriter(client);
                    rt.reactor.addReader(client, c -> {
                        ByteBuffer buf = ByteBuffer.allocate(64);
                        int n = client.read(buf);
                        got.write(buf.array(), 0, Math.max(n, 0));
                        if (got.size() >= 4) {
                            rt.reactor.removeAll(client);
                            echoed.countDown();
                        }
                    });
                });
                return null;
            });
            assertTrue(echoed.await(ReactorThread.BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals("ping", rt.reactor.blockingCallFromThread(() -> got.toString(StandardCharsets.US_ASCII)));
            for (SocketChannel s : accepted) {
                s.close();
            }
        }
    }
}
