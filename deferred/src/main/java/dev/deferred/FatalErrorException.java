package dev.deferred;

/**
 * A {@linkplain Failures#isFatal fatal} throwable delivered as a Deferred's failure, because the
 * code that threw it ran where no caller could receive it: a function run by a reactor's thread
 * pool ({@code deferToThread}), a cooperative task's step. {@link #getCause()} is the throwable
 * itself; for an {@link InterruptedException} the interrupted thread's interrupt status has been
 * restored where that thread goes on running.
 *
 * <pre>{@code
 * reactor.deferToThread(() -> loadPlugin(name))
 *        .addErrback(FatalErrorException.class, e -> {
 *            log.error("plugin {} could not be loaded", name, e.getCause()); // e.g. a NoClassDefFoundError
 *            return null;
 *        });
 * }</pre>
 */
public final class FatalErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps {@code cause}.
     *
     * @param cause the fatal throwable, not null
     * @throws NullPointerException if {@code cause} is null
     */
    public FatalErrorException(Throwable cause) {
        super("fatal " + cause.getClass().getName() + " thrown where no caller could receive it", cause);
    }
}
