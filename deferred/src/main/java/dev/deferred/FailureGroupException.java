package dev.deferred;

import java.util.List;

/**
 * Every input of a {@link Deferreds#race race} (or of a
 * {@link DeferredList.Builder#fireOnOneCallback() fireOnOneCallback} list) failed: the failures, in
 * input order (Twisted's {@code FailureGroup}). Each failure is also attached as a suppressed
 * exception, so a logged stack trace shows them all.
 */
public final class FailureGroupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> failures;

    /**
     * Creates the exception.
     *
     * @param failures the inputs' failures, in input order; copied
     * @throws NullPointerException if the list or an element is null
     */
    public FailureGroupException(List<? extends Throwable> failures) {
        super(describe(failures));
        this.failures = List.copyOf(failures);
        for (Throwable t : this.failures) {
            addSuppressed(t);
        }
    }

    private static String describe(List<? extends Throwable> failures) {
        if (failures == null) {
            throw new NullPointerException("FailureGroupException: failures is null; pass the inputs' failures");
        }
        StringBuilder sb = new StringBuilder("all ").append(failures.size()).append(" inputs failed");
        for (int i = 0; i < failures.size(); i++) {
            sb.append(i == 0 ? ": " : "; ").append('#').append(i).append(' ').append(failures.get(i));
        }
        return sb.toString();
    }

    /**
     * The failures, one per input, in input order.
     *
     * @return an unmodifiable list
     */
    public List<Throwable> getFailures() {
        return failures;
    }
}
