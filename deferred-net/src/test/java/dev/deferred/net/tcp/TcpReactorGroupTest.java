package dev.deferred.net.tcp;

import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.reactor.Phase;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.protocol.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A group of reactors over real loopback sockets: spreading, per-reactor semantics, shutdown. */
class TcpReactorGroupTest {

    /** The index of the member whose thread runs this, or -1. */
    private static int memberIndex(TcpReactorGroup group) {
        for (int i = 0; i < group.size(); i++) {
            if (group.member(i).getReactor().isInReactorThread()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Answers each line with "M,T,C\n": the member that read it (M), the member a callLater(0)
     * scheduled from dataReceived ran on (T), and the member a callFromThread handed in from a
     * pool thread ran on (C).
     */
    static final class WhereAmI extends Protocol {
        private final TcpReactorGroup group;

        WhereAmI(TcpReactorGroup group) {
            this.group = group;
        }

        @Override
        public void dataReceived(byte[] data) {
            int m = memberIndex(group);
            dev.deferred.reactor.Reactor r = ((TcpConnection) transport).getReactor();
            r.callLater(Duration.ZERO, () -> {
                int t = memberIndex(group);
                // Hand a call in from a thread outside the group, as a worker finishing would.
                Thread.ofPlatform().start(() -> r.callFromThread(() ->
                        transport.write((m + "," + t + "," + memberIndex(group) + "\n").getBytes(UTF_8))));
            });
        }
    }

    private static String ask(Socket s) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write("where?\n".getBytes(UTF_8));
        out.flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8)).readLine();
    }

    @Test
    void sizeBelowOneIsRefusedWithTheValue() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TcpReactorGroup(bad));
            assertTrue(e.getMessage().contains("at least 1") && e.getMessage().contains("got " + bad), e.getMessage());
        }
    }

    @Test
    void defaultIsOneReactorPerCore() {
        try (TcpReactorGroup group = new TcpReactorGroup()) {
            assertEquals(Runtime.getRuntime().availableProcessors(), group.size());
            assertThrows(IndexOutOfBoundsException.class, () -> group.member(group.size()));
        }
    }

    @Test
    void portSpreadsConnectionsRoundRobinAndEachStaysOnItsReactor() throws Exception {
        try (TcpReactorGroup group = new TcpReactorGroup(3)) {
            ListeningPort port = group.listenTCP(0, Factory.forProtocol(() -> new WhereAmI(group)), 50, "127.0.0.1");
            int p = ((IPAddress) port.getHost()).port();
            List<Socket> sockets = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            try {
                for (int k = 0; k < 6; k++) {
                    Socket s = new Socket("127.0.0.1", p);
                    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopbackReactor.WAIT_SECONDS));
                    sockets.add(s);
                    // Asked one at a time, so the k-th answer comes from the k-th accepted connection.
                    answers.add(ask(s));
                }
                // Asked again: a connection never moves.
                for (int k = 0; k < 6; k++) {
                    assertEquals(answers.get(k), ask(sockets.get(k)));
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(List.of("0,0,0", "1,1,1", "2,2,2", "0,0,0", "1,1,1", "2,2,2"), answers);
        }
    }

    @Test
    void clientsFromOutsideGoRoundRobinAndFromAMemberStayOnIt() throws Exception {
        try (TcpReactorGroup group = new TcpReactorGroup(2)) {
            int p = ((IPAddress) group.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1").getHost()).port();
            List<CompletableFuture<Integer>> where = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                where.add(f);
                group.connectTCP("127.0.0.1", p, new ClientFactory(() -> new Protocol() {
                    @Override
                    public void connectionMade() {
                        f.complete(memberIndex(group));
                    }
                }), Duration.ofSeconds(10));
            }
            List<Integer> got = new ArrayList<>();
            for (CompletableFuture<Integer> f : where) {
                got.add(get(f));
            }
            assertEquals(List.of(0, 1, 0, 1), got);

            // From member 1's own thread: the connection stays on member 1, whatever next() says.
            CompletableFuture<Integer> local = new CompletableFuture<>();
            group.member(1).getReactor().callFromThread(() -> group.connectTCP("127.0.0.1", p,
                    new ClientFactory(() -> new Protocol() {
                        @Override
                        public void connectionMade() {
                            local.complete(memberIndex(group));
                        }
                    }), Duration.ofSeconds(10)));
            assertEquals(1, get(local));
        }
    }

    @Test
    void stoppingTheGroupClosesEveryConnectionAndRunsEachMembersShutdownTriggers() throws Exception {
        TcpReactorGroup group = new TcpReactorGroup(2);
        CountDownLatch made = new CountDownLatch(2);
        List<CompletableFuture<Throwable>> lost = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        CountDownLatch triggers = new CountDownLatch(2);
        for (TcpReactor m : group.getMembers()) {
            m.getReactor().addSystemEventTrigger(Phase.BEFORE, "shutdown", () -> {
                triggers.countDown();
                return null;
            });
        }
        int[] accepted = {0};
        ListeningPort port = group.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
            // buildProtocol runs on the accept thread only, so a plain counter is safe here.
            final int index = accepted[0]++;

            @Override
            public void connectionMade() {
                made.countDown();
            }

            @Override
            public void connectionLost(Throwable reason) {
                lost.get(index).complete(reason);
            }
        }), 50, "127.0.0.1");
        int p = ((IPAddress) port.getHost()).port();
        try (Socket a = new Socket("127.0.0.1", p); Socket b = new Socket("127.0.0.1", p)) {
            a.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopbackReactor.WAIT_SECONDS));
            b.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopbackReactor.WAIT_SECONDS));
            assertTrue(made.await(LoopbackReactor.WAIT_SECONDS, TimeUnit.SECONDS));
            group.close();
            for (CompletableFuture<Throwable> f : lost) {
                assertInstanceOf(ConnectionLostException.class, get(f));
            }
            assertEquals(0, triggers.getCount(), "every member ran its shutdown triggers");
            for (TcpReactor m : group.getMembers()) {
                assertFalse(m.getReactor().isRunning());
            }
            assertEquals(-1, a.getInputStream().read(), "the peer sees the connection closed");
            assertEquals(-1, b.getInputStream().read(), "the peer sees the connection closed");
            assertThrows(java.net.ConnectException.class, () -> new Socket("127.0.0.1", p).close(),
                    "the port is closed");
        }
        group.stop(); // a second stop does nothing
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> group.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> group.connectTCP("127.0.0.1", p,
                new ClientFactory(() -> new Protocol() { }), Duration.ofSeconds(1)));
    }

    @Test
    void closeOnAMemberThreadIsRefusedAndListenOnlyFromOutsideOrMemberZero() throws Exception {
        try (TcpReactorGroup group = new TcpReactorGroup(2)) {
            CompletableFuture<Throwable> close = new CompletableFuture<>();
            CompletableFuture<Throwable> listen = new CompletableFuture<>();
            group.member(1).getReactor().callFromThread(() -> {
                close.complete(assertThrows(IllegalStateException.class, group::close));
                listen.complete(assertThrows(IllegalStateException.class,
                        () -> group.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1")));
            });
            assertTrue(get(close).getMessage().contains("stop()"), get(close).getMessage());
            assertTrue(get(listen).getMessage().contains("member 0"), get(listen).getMessage());
            CompletableFuture<ListeningPort> onZero = new CompletableFuture<>();
            group.member(0).getReactor().callFromThread(() -> {
                try {
                    onZero.complete(group.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
                } catch (Exception e) {
                    onZero.completeExceptionally(e);
                }
            });
            assertTrue(((IPAddress) get(onZero).getHost()).port() > 0);
            assertTrue(group.member(1).getReactor().isRunning(), "the refused close stopped nothing");
        }
    }
}
