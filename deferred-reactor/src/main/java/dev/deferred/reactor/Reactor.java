package dev.deferred.reactor;

import dev.deferred.ReactorTime;
import io.vavr.CheckedFunction0;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An event loop: Twisted's {@code IReactorCore} + {@code IReactorTime} + {@code callFromThread}.
 * One thread runs the loop ({@link #run()}); timers, called functions and I/O handlers all run on
 * that thread, one at a time, so they need no locks between them.
 *
 * <pre>{@code
 * SelectReactor reactor = new SelectReactor();
 * reactor.callWhenRunning(() -> System.out.println("up"));
 * reactor.callLater(Duration.ofSeconds(1), reactor::stop);
 * reactor.run();                       // blocks for about a second
 * }</pre>
 *
 * <p>As an {@link Executor}, {@link #execute} is {@link #callFromThread}: a {@code
 * CompletableFuture} stage given this reactor as its executor runs on the reactor thread.
 */
public interface Reactor extends ReactorTime, Executor {

    /**
     * Runs the loop on the calling thread until {@link #stop()} has been called and the shutdown
     * event has finished. Fires the "startup" event first (which runs the
     * {@link #callWhenRunning} functions).
     *
     * @throws ReactorNotRestartableException if this reactor is running or has run before
     */
    void run();

    /**
     * Asks the loop to stop: the "shutdown" system event is fired on the reactor thread (its
     * "before" triggers, waiting for any Deferreds they return, then "during", then "after"), and
     * then {@link #run()} returns. Callable from a reactor callback or from any thread; returns at
     * once without waiting.
     *
     * @throws ReactorNotRunningException if the reactor is not running, or is already stopping
     */
    void stop();

    /**
     * Runs {@code fn} on the reactor thread once the reactor is running: at startup, or on the next
     * turn of the loop if it is already running. An exception it throws is logged.
     *
     * @param fn what to run
     * @return a handle for {@link #removeSystemEventTrigger}, or null if the reactor is already
     *     running (there is then nothing to remove)
     */
    Object callWhenRunning(Runnable fn);

    /**
     * Runs {@code fn} on the reactor thread on a coming turn of the loop, waking the loop if it
     * sleeps. Thread-safe; calls from one thread run in the order made. Calls made before
     * {@link #run()} wait for it; calls made after the reactor has stopped are dropped (logged at
     * debug). An exception {@code fn} throws is logged and the loop goes on.
     *
     * @param fn what to run
     * @throws NullPointerException if {@code fn} is null
     */
    void callFromThread(Runnable fn);

    /**
     * The same as {@link #callFromThread}.
     *
     * @param command what to run on the reactor thread
     */
    @Override
    default void execute(Runnable command) {
        callFromThread(command);
    }

    /**
     * A {@link ScheduledExecutorService} that runs every task on this reactor's thread: plain Java
     * code and {@code CompletableFuture} stages can then share the loop with Deferreds, timers and
     * I/O. Each call returns a new view; shutting a view down refuses its new tasks (delayed
     * one-shot tasks still run, periodic ones are cancelled) but does not stop the reactor.
     *
     * <pre>{@code
     * ScheduledExecutorService loop = reactor.asScheduledExecutorService();
     * loop.scheduleAtFixedRate(() -> poll(), 0, 1, TimeUnit.SECONDS);    // on the reactor thread
     * CompletableFuture.supplyAsync(this::compute, pool).thenAcceptAsync(this::show, loop);
     * }</pre>
     *
     * @return a new view of this reactor
     */
    default ScheduledExecutorService asScheduledExecutorService() {
        return new ReactorScheduledExecutorService(this);
    }

    /**
     * Adds a trigger to a system event ("startup" or "shutdown", or any name fired with
     * {@link #fireSystemEvent}). Triggers of a phase run in the order added, on the reactor
     * thread. A {@link Phase#BEFORE} trigger may return a {@link dev.deferred.Deferred}: the event
     * waits for all of them before it goes on to {@link Phase#DURING}. A trigger that throws, or
     * whose Deferred fails, is logged and the event goes on.
     *
     * <pre>{@code
     * reactor.addSystemEventTrigger(Phase.BEFORE, "shutdown", () -> server.closeGracefully());
     * }</pre>
     *
     * @param phase when, relative to the event
     * @param eventType the event's name
     * @param fn the trigger; its return value matters only when it is a Deferred
     * @return a handle for {@link #removeSystemEventTrigger}
     * @throws NullPointerException if an argument is null
     */
    Object addSystemEventTrigger(Phase phase, String eventType, CheckedFunction0<?> fn);

    /**
     * Removes a trigger added by {@link #addSystemEventTrigger} or {@link #callWhenRunning}, if it
     * has not run yet.
     *
     * @param handle what the add method returned
     * @throws IllegalArgumentException if the handle is unknown or its trigger was already removed
     */
    void removeSystemEventTrigger(Object handle);

    /**
     * Fires a system event now, on the reactor thread: its "before", "during" and "after"
     * triggers, as described in {@link #addSystemEventTrigger}. Firing an event that has no
     * triggers does nothing.
     *
     * @param eventType the event's name
     */
    void fireSystemEvent(String eventType);

    /**
     * Whether the loop is running: from the start of {@link #run()} until its shutdown event has
     * finished (so still true in shutdown triggers).
     *
     * @return true while {@link #run()} is looping
     */
    boolean isRunning();

    /**
     * Whether the calling code runs on this reactor's loop thread: {@code Thread.currentThread()}
     * is the thread inside {@link #run()}. It is the truth about the thread, for thread-locals,
     * monitors and thread identity. An inline body that the loop resumed runs, on the default
     * virtual-thread mechanism, on a thread of its own while the loop waits for it: there it is
     * false, although the body is on the reactor's turn (see {@link #isOnReactorTurn()}).
     *
     * @return true on the reactor thread while it runs
     */
    boolean isInReactorThread();

    /**
     * Whether the calling code runs on this reactor's turn: on its loop thread, or in an inline body
     * that the loop thread resumed and is waiting for, doing nothing else, until the body's next
     * await ({@link dev.deferred.InlineCallbacks#drivingThread()}). Such a body acts for the loop
     * exactly as a callback would: nothing else runs on the loop meanwhile, and what it writes is
     * seen by the loop afterwards. Calls that must be made on the reactor (transport writes,
     * {@code listenTCP}/{@code connectTCP}, trigger changes) check this, not the thread.
     *
     * <pre>{@code
     * if (!reactor.isOnReactorTurn()) {
     *     reactor.callFromThread(() -> transport.write(bytes));
     * }
     * }</pre>
     *
     * @return true on the reactor thread while it runs, and in bodies it drives; by default
     *         {@link #isInReactorThread()}
     */
    default boolean isOnReactorTurn() {
        return isInReactorThread();
    }
}
