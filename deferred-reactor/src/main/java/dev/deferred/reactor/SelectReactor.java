package dev.deferred.reactor;

import dev.deferred.Deferred;
import dev.deferred.DelayedCall;
import dev.deferred.InlineCallbacks;
import io.vavr.CheckedFunction0;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real reactor: one thread looping over a {@link Selector}, running timers, functions handed in
 * from other threads, and channel readiness handlers. It implements {@link Reactor} (run, stop,
 * timers, system events), {@link ReactorFDSet} (what transports are built on) and
 * {@link ReactorThreads} (a bounded pool for blocking work).
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * Thread loop = new Thread(reactor::run, "reactor");
 * loop.start();
 * reactor.callFromThread(() -> System.out.println("on " + Thread.currentThread().getName()));
 * reactor.deferToThread(() -> slowLookup())
 *        .addCallback(v -> { System.out.println(v); return null; });  // back on the reactor thread
 * ...
 * reactor.stop();         // from any thread
 * loop.join();
 * }</pre>
 *
 * <p>One turn of the loop: run the functions queued by {@link #callFromThread} (in order, up to a
 * batch), run the timers that are due (earliest first; ties in scheduling order), then wait in
 * {@code select} until the next timer is due, a channel is ready or another thread hands in work.
 * An exception thrown by any of these is logged through slf4j and the loop goes on.
 *
 * <p>Timers live in an indexed binary heap: {@link #callLater} and a {@link DelayedCall}'s cancel,
 * reset and delay are O(log n), and a cancelled timer leaves the heap at once. Every method is
 * thread-safe; off the reactor thread, changes to timers and channels are handed to the loop and
 * take effect on its next turn.
 */
public final class SelectReactor implements Reactor, ReactorFDSet, ReactorThreads {
    private static final Logger log = LoggerFactory.getLogger(SelectReactor.class);

    /** How many queued calls one turn runs before it looks at timers and I/O again. */
    private static final int CALL_BATCH = 4096;

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int STOPPED = 3;

    private static final VarHandle STATE;
    private static final VarHandle SLEEPING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(SelectReactor.class, "state", int.class);
            SLEEPING = l.findVarHandle(SelectReactor.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Concurrency invariants.
     *  - state moves NEW -> RUNNING (run) -> STOPPING (stop) -> STOPPED (end of run), by CAS only.
     *  - loopThread is set by run() before anything runs on the loop and cleared when run() ends;
     *    it is how every method decides between acting directly and handing the work to the loop
     *    through `calls`.
     *  - timers, events, channels' Registration handlers: touched only by the loop thread.
     *  - sleeping is 1 while the loop is in (or about to enter) select with a timeout. The loop
     *    writes 1, then re-checks `calls`; a producer offers to `calls`, then reads `sleeping` and
     *    wakes the selector only if it can CAS 1 -> 0. Both sides use volatile accesses, so either
     *    the loop sees the new call or the producer sees the sleeping loop: no lost wake-up, and at
     *    most one wakeup() per sleep rather than one per call.
     */
    private volatile int state = NEW;
    private volatile Thread loopThread;
    private volatile int sleeping;
    private final MpscQueue calls = new MpscQueue();
    private final TimerHeap timers = new TimerHeap();
    private final Selector selector;
    private final long origin = System.nanoTime();
    private final SystemEvents events = new SystemEvents(this::callFromThread);
    private final Channels channels;
    private final ThreadPool pool;
    /** Set on the loop thread when the shutdown event has finished: leave the loop. */
    private boolean exit;

    private final Timer.Owner timerOwner = new Timer.Owner() {
        @Override
        public long nowNanos() {
            return SelectReactor.this.nowNanos();
        }

        @Override
        public void cancelled(Timer t) {
            if (isOnReactorTurn()) {
                timers.remove(t);
            } else {
                callFromThread(() -> timers.remove(t));
            }
        }

        @Override
        public void move(Timer t, long deadline) {
            if (isOnReactorTurn()) {
                t.setDeadline(deadline);
                timers.moved(t);
            } else {
                callFromThread(() -> {
                    if (t.state() == Timer.PENDING) {
                        t.setDeadline(deadline);
                        timers.moved(t);
                    }
                });
            }
        }
    };

    /** Creates a reactor whose thread pool has at most 10 threads (Twisted's default). */
    public SelectReactor() {
        this(10);
    }

    /**
     * Creates a reactor.
     *
     * @param threadPoolSize the most threads {@link #deferToThread} uses at once; at least 1
     * @throws IllegalArgumentException if {@code threadPoolSize} is less than 1
     * @throws UncheckedIOException if no selector can be opened
     */
    public SelectReactor(int threadPoolSize) {
        this.pool = new ThreadPool(threadPoolSize);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("SelectReactor: cannot open a Selector", e);
        }
        this.channels = new Channels(selector);
        // The pool ends with the reactor, as Twisted's thread pool stops during shutdown.
        events.add(Phase.DURING, "shutdown", () -> {
            pool.shutdown();
            return null;
        });
    }

    // ---------------------------------------------------------------- time

    private long nowNanos() {
        return System.nanoTime() - origin;
    }

    /**
     * Seconds since this reactor was created, from a monotonic clock.
     *
     * @return the reactor's current time
     */
    @Override
    public double seconds() {
        return nowNanos() / 1e9;
    }

    /**
     * Schedules {@code fn} on the reactor thread after {@code delay}. From another thread the timer
     * is handed to the loop (it still counts from now). See {@link dev.deferred.ReactorTime}.
     *
     * @param delay not negative
     * @param fn what to run
     * @return the handle; its methods may be called from any thread
     */
    @Override
    public DelayedCall callLater(Duration delay, Runnable fn) {
        Objects.requireNonNull(delay, "callLater: delay must not be null");
        Objects.requireNonNull(fn, "callLater: fn must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("callLater: delay must not be negative, got " + delay);
        }
        Timer t = new Timer(timerOwner, nowNanos() + Clock.toNanos(delay), fn);
        if (isOnReactorTurn()) {
            timers.add(t);
        } else {
            callFromThread(() -> {
                if (t.state() == Timer.PENDING) {
                    timers.add(t);
                }
            });
        }
        return t;
    }

    /**
     * The number of pending timers. Exact on the reactor thread.
     *
     * @return how many timers wait to run
     */
    public int pendingTimers() {
        return timers.size();
    }

    // ---------------------------------------------------------------- core

    @Override
    public void run() {
        if (!STATE.compareAndSet(this, NEW, RUNNING)) {
            throw new ReactorNotRestartableException(state == RUNNING || state == STOPPING
                    ? "SelectReactor.run: the reactor is already running"
                    : "SelectReactor.run: a reactor runs once; create a new one");
        }
        loopThread = Thread.currentThread();
        try {
            events.fire("startup", null);
            loop();
        } finally {
            state = STOPPED;
            loopThread = null;
            pool.shutdown();
            channels.closeAll();
            try {
                selector.close();
            } catch (IOException e) {
                log.warn("Closing the selector failed", e);
            }
        }
    }

    @Override
    public void stop() {
        if (!STATE.compareAndSet(this, RUNNING, STOPPING)) {
            throw new ReactorNotRunningException(state == NEW
                    ? "stop: the reactor has not started; use callWhenRunning(reactor::stop) to stop it as it starts"
                    : "stop: the reactor is already stopping or stopped");
        }
        callFromThread(() -> events.fire("shutdown", () -> exit = true));
    }

    @Override
    public boolean isRunning() {
        int s = state;
        return s == RUNNING || s == STOPPING;     // as Twisted: still running while shutting down
    }

    @Override
    public boolean isInReactorThread() {
        return Thread.currentThread() == loopThread;
    }

    @Override
    public boolean isOnReactorTurn() {
        // An inline body the loop is driving runs on a virtual thread while the loop waits for it;
        // drivingThread() answers for a platform thread without looking anything up.
        return InlineCallbacks.drivingThread() == loopThread;
    }

    @Override
    public Object callWhenRunning(Runnable fn) {
        Objects.requireNonNull(fn, "callWhenRunning: fn must not be null");
        if (state != NEW) {
            callFromThread(fn);
            return null;
        }
        return addSystemEventTrigger(Phase.AFTER, "startup", () -> {
            fn.run();
            return null;
        });
    }

    @Override
    public void callFromThread(Runnable fn) {
        Objects.requireNonNull(fn, "callFromThread: fn must not be null");
        if (state == STOPPED) {
            log.debug("callFromThread after the reactor stopped: {} dropped", fn);
            return;
        }
        calls.offer(fn);
        if (sleeping == 1 && SLEEPING.compareAndSet(this, 1, 0)) {
            selector.wakeup();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Before {@link #run()}, triggers may be added from the thread that will run the reactor (or
     * any thread that happens-before it starts); afterwards the change is handed to the loop, and
     * the returned handle is still valid for {@link #removeSystemEventTrigger}.
     */
    @Override
    public Object addSystemEventTrigger(Phase phase, String eventType, CheckedFunction0<?> fn) {
        Objects.requireNonNull(phase, "addSystemEventTrigger: phase must not be null");
        Objects.requireNonNull(eventType, "addSystemEventTrigger: eventType must not be null");
        Objects.requireNonNull(fn, "addSystemEventTrigger: fn must not be null");
        if (state == NEW || isOnReactorTurn()) {
            return events.add(phase, eventType, fn);
        }
        SystemEvents.Trigger[] made = new SystemEvents.Trigger[1];
        try {
            blockingCallFromThread(() -> made[0] = events.add(phase, eventType, fn));
        } catch (Exception e) {
            throw new IllegalStateException("addSystemEventTrigger: the reactor did not take the trigger", e);
        }
        return made[0];
    }

    @Override
    public void removeSystemEventTrigger(Object handle) {
        if (state == NEW || isOnReactorTurn()) {
            events.remove(handle);
            return;
        }
        try {
            blockingCallFromThread(() -> {
                events.remove(handle);
                return null;
            });
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("removeSystemEventTrigger: the reactor did not remove it", e);
        }
    }

    @Override
    public void fireSystemEvent(String eventType) {
        Objects.requireNonNull(eventType, "fireSystemEvent: eventType must not be null");
        if (isOnReactorTurn()) {
            events.fire(eventType, null);
        } else {
            callFromThread(() -> events.fire(eventType, null));
        }
    }

    // ---------------------------------------------------------------- the loop

    private void loop() {
        while (!exit) {
            runCalls();
            runTimers();
            if (exit) {
                break;
            }
            select();
            channels.dispatchSelected();
        }
        Runnable dropped;
        int n = 0;
        while ((dropped = calls.poll()) != null) {
            n++;
        }
        if (n > 0) {
            log.debug("Reactor stopped with {} calls from other threads not run", n);
        }
    }

    private void runCalls() {
        for (int i = 0; i < CALL_BATCH; i++) {
            Runnable r = calls.poll();
            if (r == null) {
                if (!calls.isEmpty()) {
                    // A producer has swapped the tail but not linked its node yet; if it was
                    // descheduled in between, give it the CPU rather than spin on selectNow.
                    Thread.yield();
                }
                return;
            }
            safely(r, "callFromThread");
        }
    }

    private void runTimers() {
        Timer t = timers.peek();
        if (t == null) {
            return;
        }
        long now = nowNanos();
        // Only timers that existed at the start of this pass run in it: a call scheduled (or reset)
        // by a timer for "now" runs on the next turn, so a timer loop cannot starve I/O.
        long limit = timers.nextSeq();
        while (t != null && t.deadline() <= now && t.seq < limit) {
            timers.poll();
            if (t.markCalled()) {
                Runnable fn = t.fn;
                t.fn = null;
                safely(fn, "timer");
            }
            t = timers.peek();
        }
    }

    private void select() {
        long timeoutNanos;
        Timer next = timers.peek();
        if (next == null) {
            timeoutNanos = -1;
        } else {
            timeoutNanos = Math.max(0, next.deadline() - nowNanos());
        }
        try {
            if (timeoutNanos == 0) {
                selector.selectNow();
                return;
            }
            SLEEPING.setVolatile(this, 1);
            if (!calls.isEmpty()) {
                sleeping = 0;
                selector.selectNow();
                return;
            }
            if (timeoutNanos < 0) {
                selector.select();
            } else {
                // select takes milliseconds and 0 means "forever": round up to at least 1 ms.
                selector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
            sleeping = 0;
        } catch (IOException e) {
            sleeping = 0;
            log.error("select failed", e);
        }
    }

    private static void safely(Runnable r, String what) {
        try {
            r.run();
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError || e instanceof LinkageError) {
                throw (Error) e;
            }
            log.error("Unhandled exception in reactor {} {}", what, r, e);
        }
    }

    // ---------------------------------------------------------------- FD set

    @Override
    public void addReader(SelectableChannel channel, ReadyHandler handler) {
        Objects.requireNonNull(channel, "addReader: channel must not be null");
        Objects.requireNonNull(handler, "addReader: handler must not be null");
        checkWatchable(channel, "addReader");
        onLoop(() -> channels.set(channel, handler, true));
    }

    @Override
    public void addWriter(SelectableChannel channel, ReadyHandler handler) {
        Objects.requireNonNull(channel, "addWriter: channel must not be null");
        Objects.requireNonNull(handler, "addWriter: handler must not be null");
        checkWatchable(channel, "addWriter");
        onLoop(() -> channels.set(channel, handler, false));
    }

    @Override
    public void removeReader(SelectableChannel channel) {
        Objects.requireNonNull(channel, "removeReader: channel must not be null");
        onLoop(() -> channels.set(channel, null, true));
    }

    @Override
    public void removeWriter(SelectableChannel channel) {
        Objects.requireNonNull(channel, "removeWriter: channel must not be null");
        onLoop(() -> channels.set(channel, null, false));
    }

    @Override
    public void removeAll(SelectableChannel channel) {
        Objects.requireNonNull(channel, "removeAll: channel must not be null");
        onLoop(() -> channels.removeAll(channel));
    }

    @Override
    public Set<SelectableChannel> getReaders() {
        return channels.snapshot(true);
    }

    @Override
    public Set<SelectableChannel> getWriters() {
        return channels.snapshot(false);
    }

    /** Rejects, at the caller, a channel the selector could never watch. */
    private static void checkWatchable(SelectableChannel channel, String what) {
        if (!channel.isOpen()) {
            throw new IllegalArgumentException(what + ": " + channel + " is closed");
        }
        if (channel.isBlocking()) {
            throw new IllegalArgumentException(what + ": " + channel
                    + " is in blocking mode; call configureBlocking(false) first");
        }
    }

    /** Runs {@code r} now on the reactor thread (or before run), else hands it to the loop. */
    private void onLoop(Runnable r) {
        if (isOnReactorTurn()) {
            r.run();
        } else {
            callFromThread(r);
        }
    }

    // ---------------------------------------------------------------- threads

    @Override
    public <T> Deferred<T> deferToThread(CheckedFunction0<? extends T> fn) {
        Objects.requireNonNull(fn, "deferToThread: fn must not be null");
        if (state == STOPPED) {
            throw new RejectedExecutionException("deferToThread: the reactor has stopped");
        }
        Deferred<T> d = new Deferred<>();
        pool.execute(() -> {
            T value;
            try {
                value = fn.apply();
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError) {
                    throw (Error) e;
                }
                callFromThread(() -> d.errback(e));
                return;
            }
            callFromThread(() -> {
                if (value instanceof Deferred<?>) {
                    // callback() refuses a Deferred; say so through d instead of losing it in the log.
                    d.errback(new IllegalArgumentException(
                            "deferToThread: fn returned a Deferred; a thread-pool function must return a plain value"));
                } else {
                    d.callback(value);
                }
            });
        });
        return d;
    }

    @Override
    public void callInThread(Runnable fn) {
        Objects.requireNonNull(fn, "callInThread: fn must not be null");
        pool.execute(() -> safely(fn, "callInThread"));
    }

    @Override
    public <T> T blockingCallFromThread(CheckedFunction0<? extends T> fn) throws Exception {
        Objects.requireNonNull(fn, "blockingCallFromThread: fn must not be null");
        return Blocking.value(this, fn);
    }

    @Override
    public <T> T blockingCallFromThreadDeferred(CheckedFunction0<? extends Deferred<? extends T>> fn) throws Exception {
        Objects.requireNonNull(fn, "blockingCallFromThreadDeferred: fn must not be null");
        return Blocking.deferred(this, fn);
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        pool.resize(size);
    }

    boolean isStopped() {
        return state == STOPPED;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case NEW -> "new";
            case RUNNING -> "running";
            case STOPPING -> "stopping";
            default -> "stopped";
        };
        return "SelectReactor[" + s + "]";
    }
}
