package dev.deferred.examples;

import dev.deferred.Deferred;
import dev.deferred.Deferreds;
import dev.deferred.InlineCallbacks;
import dev.deferred.InlineCallbacks.Coroutine;
import dev.deferred.examples.kv.KvClient;
import dev.deferred.examples.kv.KvServer;
import dev.deferred.examples.kv.KvStore;
import dev.deferred.future.DeferredFutures;
import dev.deferred.net.endpoint.Endpoints;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.SelectReactor;
import dev.deferred.reactor.task.LoopingCall;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The README's demo (run it with {@code scripts/demo.sh}): a real TCP key-value server and four
 * concurrent clients on one {@link SelectReactor} thread, narrated with timings.
 *
 * <ol>
 *   <li>The server ({@link KvServer}) listens on {@code 127.0.0.1}, on a port the OS picks, from
 *       an endpoint string.</li>
 *   <li>A {@link LoopingCall} prints the server's statistics every 150 ms.</li>
 *   <li>alice, bob and carol each run an {@link InlineCallbacks} body: code that reads straight
 *       down, {@code co.await}-ing each answer, while the three interleave on the one thread.</li>
 *   <li>dave asks for an answer that takes 2 s with {@code addTimeout(300 ms)}: he gets a
 *       {@link TimeoutException}, and the cancellation hangs up his connection.</li>
 *   <li>{@link Deferreds#gatherResults} waits for the four; a {@link CompletableFuture} computed on
 *       the common pool comes back as a Deferred on the reactor thread; the main thread waits for
 *       the whole story through a {@code CompletableFuture} made from a Deferred.</li>
 *   <li>Everything is shut down and the program exits 0. A hard deadline stops the reactor (and
 *       exits 1) if anything ever hangs.</li>
 * </ol>
 *
 * <p>{@code --serve} keeps the server running after the story, for you to try with
 * {@code nc 127.0.0.1 PORT}; stop it with Ctrl-C.
 */
public final class Demo {
    /** The story may not take longer than this; past it, the demo stops the reactor and fails. */
    static final Duration HARD_DEADLINE = Duration.ofSeconds(15);
    /** How long the demo waits for the reactor thread to end after asking it to stop. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private final PrintStream out;
    private final boolean serve;
    private final Duration deadline;
    private long start = System.nanoTime();
    private final SelectReactor reactor = new SelectReactor();
    private final TcpReactor tcp = new TcpReactor(reactor);
    private final KvStore store = new KvStore();

    Demo(PrintStream out, boolean serve) {
        this(out, serve, HARD_DEADLINE);
    }

    Demo(PrintStream out, boolean serve, Duration deadline) {
        this.out = out;
        this.serve = serve;
        this.deadline = deadline;
    }

    /**
     * Runs the demo and exits with its status.
     *
     * @param args none, or {@code --serve} to keep the server running afterwards
     * @throws InterruptedException if interrupted while waiting for the reactor
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1 || (args.length == 1 && !args[0].equals("--serve"))) {
            System.err.println("usage: Demo [--serve]   (--serve keeps the server running for nc; Ctrl-C stops it)");
            System.exit(2);
        }
        System.exit(new Demo(System.out, args.length == 1).run());
    }

    /**
     * Tells the story and shuts down.
     *
     * @return the exit status: 0 when everything happened as told
     */
    int run() throws InterruptedException {
        start = System.nanoTime();
        say("main: starting a SelectReactor (inline callbacks use " + shortMechanism() + ")");
        Thread loop = new Thread(reactor::run, "reactor");
        loop.setDaemon(true);

        // The story starts once the reactor runs; the main thread waits for its end through a
        // CompletableFuture: DeferredFutures bridges a Deferred to code that blocks.
        Deferred<Void> running = new Deferred<>();
        reactor.callWhenRunning(() -> running.callback(null));
        CompletableFuture<String> ending =
                DeferredFutures.toCompletableFuture(running.addCallbackDeferred(ignored -> story()));
        loop.start();

        int status;
        try {
            String summary = ending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            say("main: the story ended: " + summary);
            status = 0;
        } catch (TimeoutException e) {
            say("main: hard deadline of " + deadline.toMillis() + " ms passed; stopping the reactor");
            status = 1;
        } catch (ExecutionException e) {
            say("main: the story failed: " + e.getCause());
            status = 1;
        }
        if (serve && status == 0) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopReactor));
            loop.join();                           // until Ctrl-C
            return 0;
        }
        stopReactor();
        loop.join(STOP_LIMIT.toMillis());
        say(loop.isAlive() ? "main: the reactor did not stop in time" : "main: reactor stopped cleanly; bye");
        return loop.isAlive() ? 1 : status;
    }

    private void stopReactor() {
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
    }

    /** Runs on the reactor thread: everything that must happen there (listen, connect) is here. */
    private Deferred<String> story() {
        say("reactor: running on thread \"" + Thread.currentThread().getName() + "\"");
        Factory kv = Factory.forProtocol(() -> new KvServer(store, reactor));
        return Endpoints.serverFromString(tcp, "tcp:0:interface=127.0.0.1").listen(kv)
                .addCallbackDeferred(this::serveAndTalk);
    }

    private Deferred<String> serveAndTalk(ListeningPort port) {
        int number = ((IPAddress) port.getHost()).port();
        say("server: listening on 127.0.0.1:" + number + " (endpoint \"tcp:0:interface=127.0.0.1\")");

        LoopingCall stats = new LoopingCall(reactor, () -> {
            say("stats: " + store.connectionsOpen() + " connections open, "
                    + store.commandsServed() + " commands served");
            return null;
        });
        stats.start(Duration.ofMillis(150));

        String where = "tcp:host=127.0.0.1:port=" + number + ":timeout=2";
        List<Deferred<String>> clients = List.of(
                client(where, "alice", 40),
                client(where, "bob", 70),
                client(where, "carol", 100),
                impatientClient(where));
        // consumeErrors: when one client fails (the reactor stopped at the deadline, say), the
        // others' failures are handled here too instead of being reported as unhandled later.
        return Deferreds.gatherResults(clients, true)
                .addCallbackDeferred(results -> {
                    say("gatherResults: all four clients are done:");
                    results.forEach(r -> out.println("             - " + r));
                    return checksumOffTheReactor();
                })
                .addBoth(outcome -> {
                    stats.stop();
                    if (serve) {
                        say("server: still listening; try   nc 127.0.0.1 " + number
                                + "   then type   GET hits   (Ctrl-C here to stop)");
                        return outcome.get();
                    }
                    port.stopListening();
                    say("server: stopped listening");
                    return outcome.get();        // rethrows a failure, so the main thread sees it
                });
    }

    /**
     * Connects (on the reactor thread), then talks through an inline-callbacks body. {@code pace}
     * is how long the server makes this client wait on each {@code SLOW} command, so the three
     * clients' steps interleave.
     */
    private Deferred<String> client(String where, String name, int pace) {
        return Endpoints.connectProtocol(Endpoints.clientFromString(tcp, where), new KvClient())
                .addCallbackDeferred(c -> InlineCallbacks.run(co -> conversation(co, c, name, pace)));
    }

    private String conversation(Coroutine co, KvClient c, String name, int pace) throws Throwable {
        say(name + ": connected");
        co.await(c.ask("SET greeting:" + name + " hello from " + name));
        for (int i = 1; i <= 3; i++) {
            co.await(c.ask("SLOW " + pace + " thinking"));   // the server answers after `pace` ms
            String reply = co.await(c.ask("INCR hits"));
            say(name + ": INCR hits -> " + reply);
        }
        String greeting = co.await(c.ask("GET greeting:" + name));
        co.await(c.ask("QUIT"));
        return name + " finished; the server remembered \"" + greeting + "\"";
    }

    private Deferred<String> impatientClient(String where) {
        return Endpoints.connectProtocol(Endpoints.clientFromString(tcp, where), new KvClient())
                .addCallbackDeferred(c -> InlineCallbacks.run(co -> {
                    say("dave: connected; asking for a report that takes 2000 ms, willing to wait 300 ms");
                    long asked = System.nanoTime();
                    try {
                        co.await(c.ask("SLOW 2000 report").addTimeout(Duration.ofMillis(300), reactor));
                        return "dave got his report (unexpected)";
                    } catch (TimeoutException e) {
                        long waited = (System.nanoTime() - asked) / 1_000_000;
                        say("dave: TimeoutException after " + waited + " ms; the cancellation hung up the connection");
                        return "dave gave up after " + waited + " ms (TimeoutException)";
                    }
                }));
    }

    /**
     * A CompletableFuture API (here: a sum computed on the common pool) used from Deferred code:
     * {@code fromCompletionStage(stage, reactor)} brings its result back onto the reactor thread.
     */
    private Deferred<String> checksumOffTheReactor() {
        TreeMap<String, String> data = new TreeMap<>(store.snapshot());
        CompletableFuture<String> work = CompletableFuture.supplyAsync(() ->
                Integer.toHexString(data.toString().hashCode()) + " computed on " + Thread.currentThread().getName());
        return DeferredFutures.fromCompletionStage(work, reactor).addCallback(sum -> {
            say("CompletableFuture -> Deferred: checksum " + sum + ", delivered on thread \""
                    + Thread.currentThread().getName() + "\"");
            say("the store now holds hits = " + data.get("hits") + " (3 clients x 3 INCR, none lost)");
            return "hits = " + data.get("hits") + ", " + store.commandsServed() + " commands served";
        });
    }

    private void say(String line) {
        out.printf("[%4d ms] %s%n", (System.nanoTime() - start) / 1_000_000, line);
    }

    private static String shortMechanism() {
        String m = InlineCallbacks.mechanism();
        return m.startsWith("virtual-thread") ? "virtual threads" : m + "s";
    }
}
