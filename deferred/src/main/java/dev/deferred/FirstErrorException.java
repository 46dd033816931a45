package dev.deferred;

import java.util.Objects;

/**
 * The first failure among the inputs of {@link Deferreds#gatherResults gatherResults} or of a
 * {@link DeferredList} built with {@code fireOnOneErrback}, with the position of the input that
 * failed (Twisted's {@code FirstError}).
 *
 * <p>{@link #getCause()} is the input's failure itself. Two instances are equal when they have the
 * same index and equal causes, so tests can compare them directly.
 *
 * <pre>{@code
 * Deferreds.gatherResults(List.of(a, b))
 *          .addErrback(FirstErrorException.class, e -> {
 *              log.warn("input {} failed", e.getIndex(), e.getCause());
 *              return List.of();
 *          });
 * }</pre>
 */
public final class FirstErrorException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The position of the failed input among the inputs, from 0. */
    private final int index;

    /**
     * Creates the exception.
     *
     * @param index the position of the failed input, from 0
     * @param cause that input's failure
     * @throws NullPointerException if {@code cause} is null
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public FirstErrorException(int index, Throwable cause) {
        super("input #" + index + " failed: " + Objects.requireNonNull(cause,
                "FirstErrorException: cause is null; pass the input's failure"), cause);
        if (index < 0) {
            throw new IllegalArgumentException("FirstErrorException: index must be >= 0, got " + index);
        }
        this.index = index;
    }

    /**
     * The position of the input that failed first.
     *
     * @return the index, from 0
     */
    public int getIndex() {
        return index;
    }

    /** Shows the index and the cause, e.g. {@code FirstErrorException[#2, java.io.IOException: gone]}. */
    @Override
    public String toString() {
        return "FirstErrorException[#" + index + ", " + getCause() + "]";
    }

    /** Equal when the other is a FirstErrorException with the same index and an equal cause. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FirstErrorException other && other.index == index && Objects.equals(other.getCause(), getCause());
    }

    @Override
    public int hashCode() {
        return 31 * index + Objects.hashCode(getCause());
    }
}
