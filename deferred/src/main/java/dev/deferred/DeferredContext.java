package dev.deferred;

import io.vavr.CheckedFunction0;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Values that follow asynchronous work: a request id, a tenant, a trace span, set once where the
 * work starts and visible in every callback that continues it, on whatever thread that runs.
 * A context is an immutable set of {@link ContextKey} &rarr; value bindings; each thread has a
 * current one, empty unless code runs inside {@link #with(ContextKey, Object, Supplier) with}.
 *
 * <pre>{@code
 * static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");
 *
 * DeferredContext.with(REQUEST_ID, "r-42", () -> {
 *     reactor.deferToThread(() -> lookup(REQUEST_ID.get()))      // "r-42" on the pool thread
 *            .addCallback(row -> render(row, REQUEST_ID.get())); // "r-42" on the reactor thread
 * });
 * }</pre>
 *
 * <h2>The propagation rules</h2>
 * <ul>
 *   <li>A callback or errback runs in the context that was current when it was <em>added</em>
 *       ({@code addCallback}, {@code addErrback}, {@code addBoth}, ...), whichever thread fires
 *       the Deferred and whatever context that thread has. A callback added while the context was
 *       empty is stored bare and runs in the context of the thread that runs the chain at that
 *       moment (the one that fires it, adds a callback to it once fired, or fires a Deferred it
 *       waits on): that is what keeps the library free of cost for code that uses no context.</li>
 *   <li>Work handed to a reactor runs in the context current when it was scheduled:
 *       {@code callLater}, {@code callFromThread}, {@code deferToThread}, {@code callInThread}, the
 *       reactor's {@code Executor} and {@code ScheduledExecutorService} views, the fake
 *       {@code Clock}, a {@code LoopingCall} (the context of its {@code start}) and a
 *       {@code Cooperator} task (the context of its {@code cooperate}/{@code coiterate}).</li>
 *   <li>An {@link InlineCallbacks#run inline body} runs in the context of its {@code run} call,
 *       across every await, on whichever thread resumes it; a {@code with} inside the body holds
 *       across the awaits inside it.</li>
 *   <li>The CompletableFuture/vavr adapters fire a Deferred made from a stage or future in the
 *       context of the conversion call; stages that depend synchronously on a future made from a
 *       Deferred run inside the Deferred's callback, so they see its context too.</li>
 * </ul>
 * Any other thread or executor (a plain {@code ExecutorService}, {@code CompletableFuture}'s
 * async stages) does not carry a context by itself: wrap its tasks with {@link #wrapCurrent}.
 *
 * <h2>Cost</h2>
 * Until some thread first runs code in a non-empty context, reading the current context is one
 * static field read; after that it is a {@link ThreadLocal} read. A callback added in the empty
 * context is stored as it is and runs without writing any thread-local. A callback added in a
 * non-empty context costs one small wrapper, and two thread-local writes when it runs in another
 * context than its own.
 */
public final class DeferredContext {
    private static final DeferredContext EMPTY = new DeferredContext(new Object[0]);

    /** Each thread's current context; null means EMPTY (no entry is made for threads that never use one). */
    private static final ThreadLocal<DeferredContext> CURRENT = new ThreadLocal<>();

    /*
     * Whether any thread has ever installed a non-empty context. Deliberately a plain field: a
     * thread's own context is non-empty only after that same thread ran enter() with a non-empty
     * context, which wrote true here first, and program order makes that write visible to the same
     * thread. A thread that reads a stale false has an empty context anyway. Never reset.
     */
    static boolean inUse;

    /** Copy-on-write; read on every install of a non-empty context. */
    private static volatile Listener[] listeners = new Listener[0];

    /** key0, value0, key1, value1, ...: contexts are small, so a linear scan by identity wins. */
    private final Object[] bindings;

    private DeferredContext(Object[] bindings) {
        this.bindings = bindings;
    }

    // ------------------------------------------------------------------ reading

    /**
     * This thread's current context.
     *
     * @return the current context; {@link #empty()} outside any
     */
    public static DeferredContext current() {
        if (!inUse) {
            return EMPTY;
        }
        DeferredContext c = CURRENT.get();
        return c == null ? EMPTY : c;
    }

    /**
     * The context with no bindings.
     *
     * @return the empty context (always the same object)
     */
    public static DeferredContext empty() {
        return EMPTY;
    }

    /**
     * Whether this context has no bindings.
     *
     * @return true for the empty context
     */
    public boolean isEmpty() {
        return bindings.length == 0;
    }

    /**
     * The value bound to {@code key} here.
     *
     * @param key the key
     * @param <T> its value type
     * @return the value, or null when {@code key} is not bound
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextKey<T> key) {
        Object[] b = bindings;
        for (int i = 0; i < b.length; i += 2) {
            if (b[i] == key) {
                return (T) b[i + 1];
            }
        }
        return null;
    }

    /**
     * The keys bound here, in the order they were first bound.
     *
     * @return an unmodifiable list
     */
    public List<ContextKey<?>> getKeys() {
        List<ContextKey<?>> keys = new ArrayList<>(bindings.length / 2);
        for (int i = 0; i < bindings.length; i += 2) {
            keys.add((ContextKey<?>) bindings[i]);
        }
        return Collections.unmodifiableList(keys);
    }

    /**
     * A context with the bindings of this one plus {@code key} bound to {@code value} (replacing
     * an earlier binding of {@code key}). This context is unchanged.
     *
     * @param key the key
     * @param value its value; not null
     * @param <T> its type
     * @return the new context
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public <T> DeferredContext bind(ContextKey<T> key, T value) {
        Objects.requireNonNull(key, "DeferredContext.bind: key must not be null");
        Objects.requireNonNull(value, () -> "DeferredContext.bind: the value for " + key.getName()
                + " must not be null (to run without it, capture the context before it was bound)");
        Object[] b = bindings;
        for (int i = 0; i < b.length; i += 2) {
            if (b[i] == key) {
                if (b[i + 1] == value) {
                    return this;
                }
                Object[] copy = b.clone();
                copy[i + 1] = value;
                return new DeferredContext(copy);
            }
        }
        Object[] copy = Arrays.copyOf(b, b.length + 2);
        copy[b.length] = key;
        copy[b.length + 1] = value;
        return new DeferredContext(copy);
    }

    // ------------------------------------------------------------------ running code in a context

    /**
     * Runs {@code body} with {@code key} bound to {@code value} on top of the current context, and
     * restores the current context afterwards (however {@code body} ends). Callbacks added and
     * work scheduled inside {@code body} keep the binding wherever they run later.
     *
     * <pre>{@code
     * Deferred<Page> page = DeferredContext.with(REQUEST_ID, id, () -> handle(request));
     * }</pre>
     *
     * @param key the key
     * @param value its value; not null
     * @param body the code to run
     * @param <T> the value type
     * @param <R> what {@code body} returns
     * @return what {@code body} returned
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> R with(ContextKey<T> key, T value, Supplier<? extends R> body) {
        Objects.requireNonNull(body, "DeferredContext.with: body must not be null");
        return current().bind(key, value).call(body);
    }

    /**
     * Runs {@code body} with {@code key} bound to {@code value} on top of the current context, and
     * restores the current context afterwards; see {@link #with(ContextKey, Object, Supplier)}.
     *
     * <pre>{@code
     * DeferredContext.with(REQUEST_ID, id, () -> server.handle(request));
     * }</pre>
     *
     * @param key the key
     * @param value its value; not null
     * @param body the code to run
     * @param <T> the value type
     * @throws NullPointerException if an argument is null
     */
    public static <T> void with(ContextKey<T> key, T value, Runnable body) {
        Objects.requireNonNull(body, "DeferredContext.with: body must not be null");
        current().bind(key, value).run(body);
    }

    /**
     * Runs {@code body} in this context (instead of the current one) and restores the current
     * context afterwards: for code that captured a context with {@link #current()} and continues
     * the work somewhere the library does not carry it.
     *
     * @param body the code to run
     * @param <R> what it returns
     * @return what {@code body} returned
     * @throws NullPointerException if {@code body} is null
     */
    public <R> R call(Supplier<? extends R> body) {
        Objects.requireNonNull(body, "DeferredContext.call: body must not be null");
        Object token = enter(this);
        try {
            return body.get();
        } finally {
            exit(token);
        }
    }

    /**
     * Runs {@code body} in this context and restores the current context afterwards; see
     * {@link #call(Supplier)}.
     *
     * @param body the code to run
     * @throws NullPointerException if {@code body} is null
     */
    public void run(Runnable body) {
        Objects.requireNonNull(body, "DeferredContext.run: body must not be null");
        Object token = enter(this);
        try {
            body.run();
        } finally {
            exit(token);
        }
    }

    /**
     * Runs {@code body}, which may throw checked exceptions, in this context and restores the
     * current context afterwards; see {@link #call(Supplier)}.
     *
     * <pre>{@code
     * String row = DeferredContext.current().bind(TENANT, "acme").callChecked(() -> db.query(sql));
     * }</pre>
     *
     * @param body the code to run
     * @param <R> what it returns
     * @return what {@code body} returned
     * @throws Throwable what {@code body} threw
     * @throws NullPointerException if {@code body} is null
     */
    public <R> R callChecked(CheckedFunction0<? extends R> body) throws Throwable {
        Objects.requireNonNull(body, "DeferredContext.callChecked: body must not be null");
        Object token = enter(this);
        try {
            return body.apply();
        } finally {
            exit(token);
        }
    }

    /**
     * {@code task} made to run in this context, for handing to an executor or thread that does not
     * carry contexts. The empty context returns {@code task} itself.
     *
     * @param task the task
     * @return a task that runs {@code task} in this context
     * @throws NullPointerException if {@code task} is null
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "DeferredContext.wrap: task must not be null");
        return bindings.length == 0 ? task : new InContext(this, task);
    }

    /**
     * {@code task} made to run in the context current now: {@code current().wrap(task)}. Reactors
     * use it where they queue work; use it for executors that do not carry contexts.
     *
     * <pre>{@code
     * executor.execute(DeferredContext.wrapCurrent(() -> audit(REQUEST_ID.get())));
     * }</pre>
     *
     * @param task the task
     * @return a task that runs {@code task} in the current context ({@code task} itself when that is empty)
     * @throws NullPointerException if {@code task} is null
     */
    public static Runnable wrapCurrent(Runnable task) {
        return current().wrap(task);
    }

    /** A task bound to a context; shows as the task it runs. */
    private record InContext(DeferredContext context, Runnable task) implements Runnable {
        @Override
        public void run() {
            Object token = enter(context);
            try {
                task.run();
            } finally {
                exit(token);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    // ------------------------------------------------------------------ listeners

    /**
     * Told when another context becomes current on a thread for a while (a callback, a scheduled
     * call, {@code with}), to mirror it somewhere else for that time: the slf4j MDC bridge
     * ({@code dev.deferred.mdc}), a tracer's current span. Called on the thread concerned, before
     * the code that runs in the context. Only a change of context reaches a listener, and only a
     * non-empty context makes one, so code that uses no context never does.
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * {@code context} has just become current on this thread, in place of another one.
         *
         * @param context the context (empty when code runs outside a context inside one)
         * @return what to run (on this thread) when the context stops being current, to undo what
         *         this did; null for nothing
         */
        Runnable installed(DeferredContext context);
    }

    /**
     * Adds a listener, told from now on whenever a non-empty context becomes current on a thread.
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public static synchronized void addListener(Listener listener) {
        Objects.requireNonNull(listener, "DeferredContext.addListener: listener must not be null");
        Listener[] ls = listeners;
        Listener[] copy = Arrays.copyOf(ls, ls.length + 1);
        copy[ls.length] = listener;
        listeners = copy;
    }

    /**
     * Removes a listener added with {@link #addListener}; undo actions it already returned still run.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public static synchronized boolean removeListener(Listener listener) {
        Listener[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            if (ls[i] == listener) {
                Listener[] copy = new Listener[ls.length - 1];
                System.arraycopy(ls, 0, copy, 0, i);
                System.arraycopy(ls, i + 1, copy, i, ls.length - i - 1);
                listeners = copy;
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ installing (internal)

    /** enter's token when the context was already current: exit does nothing. */
    private static final Object UNCHANGED = new Object();

    /** enter's token when listeners returned undo actions. */
    private record Restore(DeferredContext previous, Runnable undo) {}

    /**
     * Makes {@code context} current on this thread; returns the token to give {@link #exit} on the
     * same thread when the code that runs in it is done.
     */
    static Object enter(DeferredContext context) {
        DeferredContext previous = current();
        if (previous == context) {
            return UNCHANGED;
        }
        if (context.bindings.length == 0) {
            CURRENT.set(null);
        } else {
            if (!inUse) {
                inUse = true;
            }
            CURRENT.set(context);
        }
        Listener[] ls = listeners;
        if (ls.length == 0) {
            return previous;
        }
        Runnable undo = notifyListeners(ls, context);
        return undo == null ? previous : new Restore(previous, undo);
    }

    /** Undoes an {@link #enter}. */
    static void exit(Object token) {
        if (token == UNCHANGED) {
            return;
        }
        if (token instanceof Restore r) {
            try {
                r.undo.run();
            } catch (Throwable t) {
                Failures.rethrowIfFatal(t);
                ErrorLog.logger(DeferredContext.class).error("A DeferredContext listener's undo action threw", t);
            } finally {
                set(r.previous);
            }
            return;
        }
        set((DeferredContext) token);
    }

    /**
     * Makes {@code context} current without telling listeners: for putting back the context an
     * inline body's slice found on its thread, or the body's own after a resume.
     */
    static void set(DeferredContext context) {
        if (context.bindings.length != 0) {
            if (!inUse) {
                inUse = true;
            }
            CURRENT.set(context);
        } else if (inUse) {
            CURRENT.set(null);
        }
    }

    private static Runnable notifyListeners(Listener[] ls, DeferredContext context) {
        Runnable undo = null;
        for (Listener l : ls) {
            Runnable u;
            try {
                u = l.installed(context);
            } catch (Throwable t) {
                Failures.rethrowIfFatal(t);
                ErrorLog.logger(DeferredContext.class).error("A DeferredContext listener threw; the context is installed without it", t);
                continue;
            }
            if (u != null) {
                Runnable earlier = undo;
                // Undo in the reverse order of installing.
                undo = earlier == null ? u : () -> {
                    try {
                        u.run();
                    } finally {
                        earlier.run();
                    }
                };
            }
        }
        return undo;
    }

    /**
     * The bindings, for logs: {@code DeferredContext{requestId=r-42}}. Values are shown with their
     * own {@code toString}; one that throws is shown by its class name.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("DeferredContext{");
        for (int i = 0; i < bindings.length; i += 2) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(((ContextKey<?>) bindings[i]).getName()).append('=');
            Object v = bindings[i + 1];
            try {
                s.append(v);
            } catch (RuntimeException e) {
                s.append('<').append(v.getClass().getName()).append('>');
            }
        }
        return s.append('}').toString();
    }
}
