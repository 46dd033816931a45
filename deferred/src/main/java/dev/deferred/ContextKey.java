package dev.deferred;

import java.util.Objects;

/**
 * The name of one value a {@link DeferredContext} can carry: a request id, a tenant, a trace span.
 * Keys compare by identity, so a key held in a private constant cannot be read or overwritten by
 * code that does not hold it.
 *
 * <pre>{@code
 * static final ContextKey<String> REQUEST_ID = ContextKey.named("requestId");
 *
 * DeferredContext.with(REQUEST_ID, "r-42", () -> fetch(url).addCallback(page -> {
 *     log.info("{} fetched", REQUEST_ID.get());   // "r-42", on whichever thread fires fetch(url)
 *     return page;
 * }));
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class ContextKey<T> {
    private final String name;

    private ContextKey(String name) {
        this.name = name;
    }

    /**
     * A new key. Two calls with the same name give two different keys.
     *
     * @param name what to call it in {@code toString} and in bridges such as the MDC one; not null
     * @param <T> the type of the value
     * @return the key
     * @throws NullPointerException if {@code name} is null
     */
    public static <T> ContextKey<T> named(String name) {
        return new ContextKey<>(Objects.requireNonNull(name, "ContextKey.named(null): give the key a name, e.g. \"requestId\""));
    }

    /**
     * The key's name.
     *
     * @return the name given to {@link #named}
     */
    public String getName() {
        return name;
    }

    /**
     * The value bound to this key in the {@link DeferredContext#current() current context}.
     *
     * @return the value, or null when this key is not bound
     */
    public T get() {
        return DeferredContext.current().get(this);
    }

    /**
     * The value bound to this key in the current context, or {@code fallback} when it is not bound.
     *
     * @param fallback what to return when the key is not bound
     * @return the value or {@code fallback}
     */
    public T orElse(T fallback) {
        T v = get();
        return v == null ? fallback : v;
    }

    @Override
    public String toString() {
        return "ContextKey[" + name + "]";
    }
}
