package dev.deferred.mdc;

import dev.deferred.ContextKey;
import dev.deferred.DeferredContext;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Mirrors chosen {@link DeferredContext} values into the slf4j {@link MDC}: while a callback, a
 * scheduled call or a {@code with} body runs in a context, each chosen key's value is in the MDC
 * under the key's {@link ContextKey#getName() name} (as its {@code toString()}), and the MDC entries
 * are put back as they were when it ends. Log lines written by the callbacks of one request then
 * carry its id, on whichever thread they run.
 *
 * <pre>{@code
 * static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");
 *
 * MdcBridge mdc = MdcBridge.install(REQUEST_ID);          // once, at startup
 * DeferredContext.with(REQUEST_ID, "r-42", () ->
 *     fetch(url).addCallback(page -> {
 *         log.info("fetched");                            // %X{requestId} prints r-42
 *         return page;
 *     }));
 * }</pre>
 *
 * <p>The mirror is exact for the chosen keys: a context that does not bind one removes it from the
 * MDC for its time. Other MDC entries are left alone. Only a change of context costs anything;
 * code that uses no context never reaches the bridge. The MDC is only written where the library
 * changes the context: MDC values put by the application with {@code MDC.put} are not carried
 * anywhere (put them in the context instead).
 */
public final class MdcBridge implements AutoCloseable {
    private final ContextKey<?>[] keys;
    private final String[] names;
    private final DeferredContext.Listener listener = this::installed;

    private MdcBridge(ContextKey<?>[] keys) {
        this.keys = keys;
        this.names = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            names[i] = keys[i].getName();
        }
    }

    /**
     * Starts mirroring {@code keys} into the MDC on every thread, from now until {@link #close()}.
     *
     * @param keys the keys to mirror, each under its name; at least one, no two with the same name
     * @return the bridge, to close when it should stop
     * @throws NullPointerException if {@code keys} or one of them is null
     * @throws IllegalArgumentException if no key is given, or two share a name (one MDC entry
     *         cannot mirror both)
     */
    public static MdcBridge install(ContextKey<?>... keys) {
        Objects.requireNonNull(keys, "MdcBridge.install: keys must not be null");
        if (keys.length == 0) {
            throw new IllegalArgumentException("MdcBridge.install: give at least one ContextKey to mirror into the MDC");
        }
        ContextKey<?>[] copy = keys.clone();
        for (int i = 0; i < copy.length; i++) {
            Objects.requireNonNull(copy[i], "MdcBridge.install: key " + i + " is null");
            for (int j = 0; j < i; j++) {
                if (copy[j].getName().equals(copy[i].getName())) {
                    throw new IllegalArgumentException("MdcBridge.install: two keys are named \"" + copy[i].getName()
                            + "\"; the MDC entry can mirror only one: give the keys distinct names");
                }
            }
        }
        MdcBridge bridge = new MdcBridge(copy);
        DeferredContext.addListener(bridge.listener);
        return bridge;
    }

    /** Stops mirroring. MDC entries of code running in a context right now are still put back. */
    @Override
    public void close() {
        DeferredContext.removeListener(listener);
    }

    /** Puts the context's values for the chosen keys into the MDC; returns how to put the old ones back. */
    private Runnable installed(DeferredContext context) {
        Object[] previous = null;
        for (int i = 0; i < keys.length; i++) {
            Object v = context.get(keys[i]);
            String now = v == null ? null : String.valueOf(v);
            String before = MDC.get(names[i]);
            if (Objects.equals(now, before)) {
                continue;
            }
            if (previous == null) {
                previous = new Object[keys.length];
                Arrays.fill(previous, UNCHANGED);
            }
            previous[i] = before;
            put(names[i], now);
        }
        if (previous == null) {
            return null;
        }
        Object[] restore = previous;
        return () -> {
            for (int i = 0; i < restore.length; i++) {
                if (restore[i] != UNCHANGED) {
                    put(names[i], (String) restore[i]);
                }
            }
        };
    }

    /** Marks an entry the install did not touch. */
    private static final Object UNCHANGED = new Object();

    private static void put(String name, String value) {
        if (value == null) {
            MDC.remove(name);
        } else {
            MDC.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "MdcBridge" + Arrays.toString(names);
    }
}
