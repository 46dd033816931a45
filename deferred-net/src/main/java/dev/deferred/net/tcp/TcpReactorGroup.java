package dev.deferred.net.tcp;

import dev.deferred.reactor.Phase;
import dev.deferred.reactor.ReactorNotRunningException;
import dev.deferred.reactor.SelectReactor;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A group of reactors, one thread each, that TCP connections are spread over so a server uses
 * every core: Netty's event-loop group, which Twisted lacks. Each member is a full
 * {@link SelectReactor} with its own {@link TcpReactor}; a protocol runs on one member for its
 * whole life, and everything it does there ({@code transport.write}, {@code callLater} and
 * {@code callFromThread} on {@link TcpConnection#getReactor()}) keeps the single-thread rules of that
 * member. The Protocol and Factory API is the one of a single reactor.
 *
 * <pre>{@code
 * try (TcpReactorGroup group = new TcpReactorGroup()) {          // one reactor per core
 *     group.listenTCP(8000, Factory.forProtocol(Echo::new), 1024, "127.0.0.1");
 *     ...                                                          // serve until done
 * }                                                                // stops every member
 * }</pre>
 *
 * <p>Listening: a port of the group accepts on member 0 (the accept thread) and hands the
 * connections out <b>round robin</b>: the k-th connection accepted goes to member
 * {@code k % size()}, whatever the load of the members (as Netty's default chooser); the factory's
 * {@code buildProtocol} runs on the accept thread, one call at a time, and the protocol's methods on
 * its member. So a factory shared by the group sees its protocols' calls on several threads:
 * keep per-connection state in the protocol and make what the factory shares thread-safe.
 *
 * <p>Clients: {@link #connectTCP} from a thread outside the group connects on the next member,
 * round robin; from a member's thread, on that member (no hop, and a protocol that opens a
 * connection to a back end keeps both on one loop). {@link #member(int)} and {@link #next()} give
 * a member to use directly.
 *
 * <p>Stopping: {@link #stop()} (any thread) stops member 0 first, which closes the group's ports,
 * and then the others; each member runs its own shutdown triggers, so every connection hears
 * {@code connectionLost} once. {@link #close()} stops and waits for every member's thread.
 * Stopping member 0 directly stops the whole group the same way.
 */
public final class TcpReactorGroup implements ReactorTCP, AutoCloseable {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final SelectReactor[] reactors;
    private final TcpReactor[] tcps;
    private final Thread[] threads;
    /** Round robin for {@link #next()}; any thread. */
    private final AtomicInteger nextMember = new AtomicInteger();

    /**
     * A group of one reactor per available core ({@link Runtime#availableProcessors()}), started.
     */
    public TcpReactorGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code size} reactors, each running on a thread of its own by the time this returns.
     *
     * @param size how many reactors, at least 1
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public TcpReactorGroup(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("TcpReactorGroup: size must be at least 1 (one reactor per thread),"
                    + " got " + size + "; new TcpReactorGroup() makes one per core");
        }
        int id = GROUPS.incrementAndGet();
        reactors = new SelectReactor[size];
        tcps = new TcpReactor[size];
        threads = new Thread[size];
        CountDownLatch running = new CountDownLatch(size);
        for (int i = 0; i < size; i++) {
            try {
                reactors[i] = new SelectReactor();
            } catch (RuntimeException e) {
                // Out of file descriptors, say: leave nothing open behind. A reactor that never ran
                // closes its selector by running once and stopping as it starts.
                for (int j = 0; j < i; j++) {
                    SelectReactor r = reactors[j];
                    r.callWhenRunning(r::stop);
                    r.run();
                }
                throw new IllegalStateException("TcpReactorGroup: cannot create reactor " + i + " of " + size
                        + ": " + e.getMessage(), e);
            }
            tcps[i] = new TcpReactor(reactors[i]);
            reactors[i].callWhenRunning(running::countDown);
        }
        // Member 0 accepts for the group's ports: once it has shut down (ports closed, nothing
        // more to hand out), stop the others, so no hand-off can reach a member that stopped.
        reactors[0].addSystemEventTrigger(Phase.AFTER, "shutdown", () -> {
            for (int i = 1; i < reactors.length; i++) {
                stopQuietly(reactors[i]);
            }
            return null;
        });
        for (int i = 0; i < size; i++) {
            threads[i] = new Thread(reactors[i]::run, "deferred-group" + id + "-reactor" + i);
            threads[i].start();
        }
        try {
            running.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("TcpReactorGroup: interrupted while its reactors started; stopped them", e);
        }
    }

    private static void stopQuietly(SelectReactor r) {
        try {
            r.stop();
        } catch (ReactorNotRunningException alreadyStopping) {
            // stopped by its own code or an earlier stop(): nothing to do
        }
    }

    /**
     * How many reactors the group has.
     *
     * @return the size given at construction
     */
    public int size() {
        return reactors.length;
    }

    /**
     * The {@code i}-th member; member 0 accepts for the group's ports.
     *
     * @param i 0 to {@code size() - 1}
     * @return its TCP layer ({@link TcpReactor#getReactor()} is its reactor)
     * @throws IndexOutOfBoundsException if {@code i} is outside the group
     */
    public TcpReactor member(int i) {
        Objects.checkIndex(i, tcps.length);
        return tcps[i];
    }

    /**
     * Every member, in order.
     *
     * @return an unmodifiable list
     */
    public List<TcpReactor> getMembers() {
        return List.of(tcps);
    }

    /**
     * The next member in round-robin order; any thread.
     *
     * @return a member
     */
    public TcpReactor next() {
        return tcps[nextIndex()];
    }

    private int nextIndex() {
        return Math.floorMod(nextMember.getAndIncrement(), tcps.length);
    }

    private void checkRunning(String what) {
        for (SelectReactor r : reactors) {
            if (!r.isRunning()) {
                throw new IllegalStateException(what + ": " + this + " is stopping or stopped; a group runs once,"
                        + " create a new one");
            }
        }
    }

    /** The member whose thread calls, or null. */
    private TcpReactor callingMember() {
        for (int i = 0; i < reactors.length; i++) {
            if (reactors[i].isInReactorThread()) {
                return tcps[i];
            }
        }
        return null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The port accepts on member 0 and spreads its connections round robin over every member (see
     * the class comment). May be called from any thread but another member's (on which it would
     * wait for member 0); it returns once the port listens.
     *
     * @throws IllegalStateException if called on the thread of a member other than member 0, or
     *     once the group is stopping
     */
    @Override
    public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) throws CannotListenException {
        Objects.requireNonNull(factory, "factory");
        checkRunning("listenTCP");
        TcpReactor acceptor = tcps[0];
        AtomicInteger k = new AtomicInteger();
        java.util.function.Supplier<TcpReactor> placement = () -> tcps[Math.floorMod(k.getAndIncrement(), tcps.length)];
        TcpReactor caller = callingMember();
        if (caller == acceptor) {
            return acceptor.listenTCP(port, factory, backlog, iface, placement);
        }
        if (caller != null) {
            throw new IllegalStateException("listenTCP of a TcpReactorGroup must be called outside the group or on"
                    + " member 0 (its accept thread), not on " + Thread.currentThread().getName());
        }
        try {
            return reactors[0].blockingCallFromThread(() -> acceptor.listenTCP(port, factory, backlog, iface, placement));
        } catch (CannotListenException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("listenTCP: the group's accept reactor did not answer", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>From a thread outside the group: on the {@link #next()} member, waiting until the attempt
     * has started there. From a member's thread: on that member, at once.
     *
     * @throws IllegalStateException from outside the group once it is stopping
     */
    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout,
            InetSocketAddress bindAddress) {
        TcpReactor caller = callingMember();
        if (caller != null) {
            return caller.connectTCP(host, port, factory, timeout, bindAddress);
        }
        checkRunning("connectTCP");
        int i = nextIndex();
        TcpReactor target = tcps[i];
        try {
            return reactors[i].blockingCallFromThread(() -> target.connectTCP(host, port, factory, timeout, bindAddress));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("connectTCP: the group's reactor did not answer", e);
        }
    }

    /**
     * Member 0's resolver (each member has its own; they resolve off the loop alike).
     *
     * @return a resolver
     */
    @Override
    public HostResolver getHostResolver() {
        return tcps[0].getHostResolver();
    }

    /**
     * Stops every member: member 0 first (its shutdown closes the group's ports), then the others,
     * each running its shutdown triggers. Any thread; returns at once; a second call does nothing.
     */
    public void stop() {
        stopQuietly(reactors[0]);
    }

    /**
     * Stops the group and waits until every member's thread has ended.
     *
     * @throws IllegalStateException if called on a member's thread (it would wait for itself): call
     *     {@link #stop()} there
     * If the waiting thread is interrupted, it returns early with its interrupt flag set (the
     * members go on stopping).
     */
    @Override
    public void close() {
        if (callingMember() != null) {
            throw new IllegalStateException("TcpReactorGroup.close() on one of its own reactor threads would wait for"
                    + " itself; call stop() there");
        }
        stop();
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TcpReactorGroup[" + reactors.length + " reactors]";
    }
}
