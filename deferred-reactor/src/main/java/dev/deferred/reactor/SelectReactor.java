package dev.deferred.reactor;

import dev.deferred.Deferred;
import dev.deferred.DeferredContext;
import dev.deferred.DelayedCall;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import dev.deferred.InlineCallbacks;
import dev.deferred.Leftovers;
import io.vavr.CheckedFunction0;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;

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
 * An exception thrown by any of these is logged through slf4j and the loop goes on. A turn that
 * takes longer than {@link #setBlockedLoopWarning} (2 s by default) is logged with the loop
 * thread's stack; threads that hand in work faster than the loop runs it wait past
 * {@link #setMaxPendingCalls} pending calls.
 *
 * <p>Timers live in an indexed binary heap: {@link #callLater} and a {@link DelayedCall}'s cancel,
 * reset and delay are O(log n), and a cancelled timer leaves the heap at once. Every method is
 * thread-safe; off the reactor thread, changes to timers and channels are handed to the loop and
 * take effect on its next turn.
 */
public final class SelectReactor implements Reactor, ReactorFDSet, ReactorThreads, Leftovers {
    private static final Logger log = ErrorLog.logger(SelectReactor.class);

    /** How many queued calls one turn runs before it looks at timers and I/O again. */
    private static final int CALL_BATCH = 4096;

    /** The default of {@link #setMaxPendingCalls}: about 100 MB of queued lambdas at most. */
    public static final int DEFAULT_MAX_PENDING_CALLS = 1_000_000;

    /** The default of {@link #setBlockedLoopWarning}: a turn longer than this is logged with the loop's stack. */
    public static final Duration DEFAULT_BLOCKED_LOOP_WARNING = Duration.ofSeconds(2);

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
     *  - timers, events, channels' Registration handlers: touched only by the loop thread, except
     *    that while NEW other threads change `events` holding startLock, which run() takes to
     *    leave NEW (so those changes happen-before the startup event).
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
    /*
     * Back-pressure on callFromThread (see setMaxPendingCalls). pending counts calls offered and
     * not yet run: producers add 1 per call, the loop subtracts a batch at a time. A thread other
     * than the loop that finds it at the limit after offering waits on `pendingLock` until the
     * loop brings it under the limit or the reactor stops. No lost wake-up: the waiter increments
     * `waiters` and then reads `pending`, the loop lowers `pending` and then reads `waiters`
     * (all volatile/atomic), so one of them sees the other.
     */
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private final Object pendingLock = new Object();
    private volatile int waiters;
    private volatile int maxPendingCalls = DEFAULT_MAX_PENDING_CALLS;
    private final TimerHeap timers = new TimerHeap();
    private final Selector selector;
    private final long origin = System.nanoTime();
    private final SystemEvents events = new SystemEvents(this::callFromThread);
    private final Channels channels;
    private final ThreadPool pool;
    /** Warns when one turn of the loop lasts longer than its threshold; see {@link #setBlockedLoopWarning}. */
    private final LoopWatchdog watchdog = new LoopWatchdog(DEFAULT_BLOCKED_LOOP_WARNING);
    /**
     * Guards the system-event triggers while the reactor is NEW: a thread that registers (or
     * removes) a trigger before run() does so holding this lock after seeing NEW, and run() takes
     * it to leave NEW. So a registration either completes before the startup event can fire, or
     * sees RUNNING and is handed to the loop; it can no longer slip into the map while the loop
     * thread is firing startup (an unsynchronised HashMap, and a trigger lost after its event).
     */
    private final Object startLock = new Object();
    /**
     * Test seam: runs while a thread registers a trigger before {@link #run()}, inside the section
     * that {@code run()} waits for, so a test can hold a registration there while the reactor
     * starts. Null in production.
     */
    volatile Runnable beforeRunRegistrationHook;
    /** Set on the loop thread when the shutdown event has finished: leave the loop. */
    private boolean exit;
    /**
     * Debug mode only: where each watched channel was first added (addReader/addWriter), for
     * leftovers(). Entries go on removeAll and when leftovers() finds the channel unwatched.
     */
    private final Map<SelectableChannel, Throwable> watchedFrom = new ConcurrentHashMap<>();

    private final Timer.Owner timerOwner = new Timer.Owner() {
        @Override
        public long nowNanos() {
            return SelectReactor.this.nowNanos();
        }

        @Override
        public void cancelled(Timer t) {
            onLoop(() -> timers.remove(t));
        }

        @Override
        public void move(Timer t, long deadline) {
            onLoop(() -> {
                if (t.state() == Timer.PENDING) { // a handed-over move may find it cancelled or run
                    t.setDeadline(deadline);
                    timers.moved(t);
                }
            });
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
     * A deadline beyond the end of the reactor's time line (about 292 years) is that end: such a
     * timer never fires in practice, and its {@code getTime()} is about 9.2e9 seconds.
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
        Timer t = new Timer(timerOwner, Timer.deadlineAfter(nowNanos(), delay), fn);
        onLoop(() -> {
            if (t.state() == Timer.PENDING) { // a handed-over add may find it cancelled already
                timers.add(t);
            }
        });
        return t;
    }

    /**
     * Sets when a blocked loop is reported: if one turn of the loop (running queued calls, timers
     * and the handlers of ready channels) lasts longer than {@code threshold}, a watchdog thread
     * logs a warning through slf4j with the stack of the reactor thread, once per turn, so the code
     * that blocks it can be found. The default is {@link #DEFAULT_BLOCKED_LOOP_WARNING} (2 s, as
     * Vert.x's blocked-thread checker): a well-behaved loop never comes near it, so the watchdog
     * costs one sleeping daemon thread per running reactor and nothing in the log.
     *
     * <pre>{@code
     * reactor.setBlockedLoopWarning(Duration.ofMillis(200)); // stricter, e.g. in tests
     * reactor.setBlockedLoopWarning(Duration.ZERO);          // off: no watchdog thread
     * }</pre>
     *
     * @param threshold how long a turn may last before it is reported; zero turns the warning off
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public void setBlockedLoopWarning(Duration threshold) {
        Objects.requireNonNull(threshold, "setBlockedLoopWarning: threshold must not be null (Duration.ZERO turns it off)");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("setBlockedLoopWarning: threshold must not be negative, got " + threshold);
        }
        watchdog.setThreshold(threshold);
    }

    /**
     * The threshold set by {@link #setBlockedLoopWarning}.
     *
     * @return how long a turn may last before it is reported; zero when off
     */
    public Duration getBlockedLoopWarning() {
        return watchdog.threshold();
    }

    /** The blocked-loop watchdog, for tests in this package. */
    LoopWatchdog watchdog() {
        return watchdog;
    }

    /**
     * The number of pending timers. Exact on the reactor thread.
     *
     * @return how many timers wait to run
     */
    public int getPendingTimerCount() {
        return timers.size();
    }

    // ---------------------------------------------------------------- core

    @Override
    public void run() {
        synchronized (startLock) {
            if (!STATE.compareAndSet(this, NEW, RUNNING)) {
                throw new ReactorNotRestartableException(state == RUNNING || state == STOPPING
                        ? "SelectReactor.run: the reactor is already running"
                        : "SelectReactor.run: a reactor runs once; create a new one");
            }
            loopThread = Thread.currentThread();
        }
        watchdog.busy();
        watchdog.start(loopThread);
        try {
            events.fire("startup", null);
            loop();
        } catch (Throwable t) {
            // Only a loop-ending error (Failures.endsLoop) gets here: user code's other throwables
            // are logged where they are caught. Even so, shut down properly before rethrowing it.
            log.error("The reactor loop ends on {}; running the shutdown triggers on the way out", t.toString(), t);
            shutDownAfter(t);
            throw t;
        } finally {
            watchdog.stop();
            state = STOPPED;
            ran(0); // producers held back by setMaxPendingCalls: their calls are dropped now
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
        synchronized (startLock) {
            if (state == NEW) {
                runBeforeRunRegistrationHook();
                return events.add(Phase.AFTER, "startup", () -> {
                    fn.run();
                    return null;
                });
            }
        }
        callFromThread(fn);
        return null;
    }

    private void runBeforeRunRegistrationHook() {
        Runnable hook = beforeRunRegistrationHook;
        if (hook != null) {
            hook.run();
        }
    }

    @Override
    public void callFromThread(Runnable fn) {
        Objects.requireNonNull(fn, "callFromThread: fn must not be null");
        if (state == STOPPED) {
            log.debug("callFromThread after the reactor stopped: {} dropped", fn);
            return;
        }
        long before = pending.getAndIncrement();
        // The one queue of the loop: what is handed to it runs in the context it was handed over in.
        calls.offer(DeferredContext.wrapCurrent(fn));
        if (sleeping == 1 && SLEEPING.compareAndSet(this, 1, 0)) {
            selector.wakeup();
        }
        if (before >= maxPendingCalls - 1 && state != NEW && !isOnReactorTurn()) {
            awaitBacklogBelowLimit();
        }
    }

    /**
     * The caller's call is queued, but the loop is {@link #setMaxPendingCalls} calls behind: wait
     * until it catches up (or stops). An interrupt ends the wait early, with the flag kept.
     */
    private void awaitBacklogBelowLimit() {
        synchronized (pendingLock) {
            waiters++;
            try {
                while (pending.get() >= maxPendingCalls && state != STOPPED) {
                    pendingLock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiters--;
            }
        }
    }

    /** The loop ran {@code n} queued calls (or the reactor stopped): wake producers it held back. */
    private void ran(long n) {
        pending.addAndGet(-n);
        if (waiters > 0) {
            synchronized (pendingLock) {
                pendingLock.notifyAll();
            }
        }
    }

    /**
     * Bounds the calls handed to the loop that it has not run yet ({@link #callFromThread}, and
     * what goes through it: {@code callLater} and timer changes from other threads, the results of
     * {@link #deferToThread}). A thread other than the reactor's that queues a call while
     * {@code max} calls are pending waits until the loop is below {@code max} again, so threads
     * that produce faster than the loop runs are slowed down instead of filling the heap. The
     * reactor thread itself never waits (it is the one that drains the queue), and neither does
     * anyone before {@link #run()}. The default, {@link #DEFAULT_MAX_PENDING_CALLS}, is far
     * beyond what a healthy loop ever has pending.
     *
     * <pre>{@code
     * reactor.setMaxPendingCalls(100_000);
     * }</pre>
     *
     * @param max the most pending calls before other threads wait, at least 1
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public void setMaxPendingCalls(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("setMaxPendingCalls: max must be at least 1, got " + max);
        }
        maxPendingCalls = max;
        synchronized (pendingLock) {
            pendingLock.notifyAll(); // a raised limit may release waiters
        }
    }

    /**
     * The bound set by {@link #setMaxPendingCalls}.
     *
     * @return the most pending calls before other threads wait
     */
    public int getMaxPendingCalls() {
        return maxPendingCalls;
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
        if (isOnReactorTurn()) {
            return events.add(phase, eventType, fn);
        }
        synchronized (startLock) {
            if (state == NEW) {
                runBeforeRunRegistrationHook();
                return events.add(phase, eventType, fn);
            }
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
        if (isOnReactorTurn()) {
            events.remove(handle);
            return;
        }
        synchronized (startLock) {
            if (state == NEW) {
                events.remove(handle);
                return;
            }
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
        onLoop(() -> events.fire(eventType, null));
    }

    // ---------------------------------------------------------------- the loop

    private void loop() {
        while (!exit) {
            runCalls();
            runTimers();
            if (exit) {
                break;
            }
            watchdog.idle();
            select();
            watchdog.busy();
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

    /**
     * The loop died of {@code cause}: fire "shutdown" (connections are closed and told, the pool
     * stops) and turn the loop until its triggers are done, as {@link #stop} would. If that fails
     * too, give up: {@code run}'s {@code finally} still releases the selector and the channels.
     */
    private void shutDownAfter(Throwable cause) {
        STATE.compareAndSet(this, RUNNING, STOPPING);
        exit = false;
        try {
            // Ignored if "shutdown" is already waiting on its "before" triggers: that firing then
            // sets exit itself.
            events.fire("shutdown", () -> exit = true);
            loop();
        } catch (Throwable again) {
            cause.addSuppressed(again);
        }
    }

    private void runCalls() {
        int i = 0;
        try {
            for (; i < CALL_BATCH; i++) {
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
        } finally {
            if (i > 0) {
                ran(i);
            }
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
                selector.select(Math.max(1, Math.ceilDiv(timeoutNanos, 1_000_000)));
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
            Failures.rethrowIfEndsLoop(e); // the one policy: anything else is logged and the loop goes on
            log.error("Unhandled exception in reactor {} {}", what, r, e);
        }
    }

    // ---------------------------------------------------------------- FD set

    @Override
    public void addReader(SelectableChannel channel, ReadyHandler handler) {
        Objects.requireNonNull(channel, "addReader: channel must not be null");
        Objects.requireNonNull(handler, "addReader: handler must not be null");
        checkWatchable(channel, "addReader");
        noteWatched(channel);
        onLoop(() -> watch(channel, handler, true));
    }

    @Override
    public void addWriter(SelectableChannel channel, ReadyHandler handler) {
        Objects.requireNonNull(channel, "addWriter: channel must not be null");
        Objects.requireNonNull(handler, "addWriter: handler must not be null");
        checkWatchable(channel, "addWriter");
        noteWatched(channel);
        onLoop(() -> watch(channel, handler, false));
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
        watchedFrom.remove(channel);
        onLoop(() -> channels.removeAll(channel));
    }

    private void noteWatched(SelectableChannel channel) {
        if (Deferred.isDebugging()) {
            watchedFrom.putIfAbsent(channel, new Throwable("watched"));
        }
    }

    /**
     * What is still pending or open: timers not yet run and channels still watched (listening
     * ports, connections), each with where it was created or first watched when debugging was on
     * then. Off the reactor thread while the reactor runs, the timers are read on the reactor
     * thread (this call then waits for one turn of the loop).
     *
     * @return the leftovers; empty when nothing is pending
     */
    @Override
    public List<Leftover> getLeftovers() {
        List<Leftover> out = new ArrayList<>();
        List<Timer> pending;
        if (state == RUNNING && !isOnReactorTurn()) {
            try {
                pending = blockingCallFromThread(timers::sorted);
            } catch (Exception e) {
                throw new IllegalStateException("leftovers: could not read the timers on the reactor thread", e);
            }
        } else {
            pending = timers.sorted();
        }
        for (Timer t : pending) {
            out.add(t.asLeftover());
        }
        Set<SelectableChannel> watched = new LinkedHashSet<>(getReaders());
        watched.addAll(getWriters());
        watchedFrom.keySet().retainAll(watched);
        for (SelectableChannel c : watched) {
            out.add(new Leftover(describe(c), watchedFrom.get(c)));
        }
        return out;
    }

    /** "listening port /127.0.0.1:8080", "connection /127.0.0.1:50000 -> /127.0.0.1:8080", else the channel's own text. */
    private static String describe(SelectableChannel c) {
        try {
            if (c instanceof ServerSocketChannel s) {
                return "listening port " + s.getLocalAddress();
            }
            if (c instanceof SocketChannel s) {
                return "connection " + s.getLocalAddress() + " -> " + s.getRemoteAddress();
            }
        } catch (IOException closedMeanwhile) {
            // Fall back to the channel's own description, which says it is closed.
        }
        return c.toString();
    }

    /**
     * Prints what this program is waiting for: {@link Deferred#dumpPending()} (the pending
     * Deferreds created in debug mode, where each was created and what it waits on) followed by
     * this reactor's {@link #getLeftovers()}. Callable from any thread, while the reactor runs or not.
     *
     * @param out where to print, e.g. {@code System.err}
     * @throws NullPointerException if {@code out} is null
     */
    public void dumpPending(PrintStream out) {
        Objects.requireNonNull(out, "dumpPending: out must not be null");
        StringBuilder b = new StringBuilder(Deferred.dumpPending());
        List<Leftover> left = getLeftovers();
        b.append(this).append(": ").append(left.size()).append(left.size() == 1 ? " pending timer or channel" : " pending timers and channels");
        b.append(left.isEmpty() ? "\n" : ":\n");
        for (Leftover l : left) {
            b.append(l).append('\n');
        }
        out.print(b);
        out.flush();
    }

    @Override
    public Set<SelectableChannel> getReaders() {
        return channels.snapshot(true);
    }

    @Override
    public Set<SelectableChannel> getWriters() {
        return channels.snapshot(false);
    }

    /**
     * Loop side of addReader/addWriter. A call handed over from another thread (or made before
     * run) may arrive after its owner closed the channel, e.g. a port opened and closed before the
     * reactor started: the owner has given it up, so there is nothing to watch and nothing to report.
     */
    private void watch(SelectableChannel channel, ReadyHandler handler, boolean reader) {
        if (!channel.isOpen()) {
            channels.removeAll(channel);
            return;
        }
        channels.set(channel, handler, reader);
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

    private void onLoop(Runnable r) {
        OnLoop.run(this, r);
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
                // Every outcome fires d (as Twisted's deferToThread): a fatal throwable arrives
                // wrapped (Failures.asFailure), and the pool thread keeps its interrupt status.
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Throwable failure = Failures.asFailure(e);
                callFromThread(() -> d.errback(failure));
                Failures.rethrowIfEndsLoop(e); // and the pool's own handler sees a dying JVM
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
