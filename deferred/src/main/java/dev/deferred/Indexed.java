package dev.deferred;

/**
 * A value and the position of the input it came from: the result of {@link Deferreds#race race}
 * and of a {@link DeferredList.Builder#fireOnOneCallback() fireOnOneCallback} list (Twisted's
 * {@code (index, result)} tuple).
 *
 * <pre>{@code
 * Deferreds.race(List.of(fromCache, fromNetwork))
 *          .addCallback(won -> "input #" + won.index() + " answered " + won.value());
 * }</pre>
 *
 * @param index the position of the input in the list given to the combinator, from 0
 * @param value that input's value (may be null)
 * @param <T> the value type
 */
public record Indexed<T>(int index, T value) {}
