package dev.deferred.bench;

import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.IPAddress;
import dev.deferred.net.tcp.TcpReactor;
import dev.deferred.reactor.SelectReactor;
import io.vavr.CheckedFunction0;

/** A SelectReactor with TCP, running on a thread of its own, for the network benchmarks' setup. */
@SuppressWarnings("try") // close() may throw InterruptedException: setup code, JMH reports it
final class BenchReactor implements AutoCloseable {
    final SelectReactor reactor = new SelectReactor();
    final TcpReactor tcp = new TcpReactor(reactor);
    private final Thread thread = new Thread(reactor::run, "bench-reactor");

    BenchReactor() {
        thread.start();
    }

    /** Runs {@code fn} on the reactor thread and returns its value. */
    <T> T call(CheckedFunction0<T> fn) throws Exception {
        return reactor.blockingCallFromThread(fn);
    }

    /** Listens on an ephemeral port of 127.0.0.1 and returns the port. */
    int listen(Factory factory, int backlog) throws Exception {
        return call(() -> ((IPAddress) tcp.listenTCP(0, factory, backlog, "127.0.0.1").getHost()).port());
    }

    @Override
    public void close() throws InterruptedException {
        reactor.callFromThread(reactor::stop);
        thread.join(10_000);
    }
}
