package dev.deferred;

/**
 * An inline body was given up because it could never run: the thread that fired the Deferred it
 * awaited holds a lock (a monitor or a {@link java.util.concurrent.locks.ReentrantLock}) that the
 * body then needs, and that thread waits for the body. A plain callback would re-enter the lock,
 * since it runs on the firing thread; on the virtual-thread mechanism the body runs on a thread of
 * its own, so both would wait forever.
 *
 * <p>Instead, after the firing thread has waited a fraction of a second and found the body blocked
 * on its lock, the body's Deferred fails with this exception and the firing call returns. The body
 * is abandoned: when it gets the lock it runs on to its next {@code co.await}, which throws this
 * exception, and whatever it returns or throws is discarded. Fix the code that fires: fire the
 * Deferred after releasing the lock (or hand the firing to a reactor with {@code callFromThread}).
 *
 * <pre>{@code
 * synchronized (registry) {
 *     ready = registry.take(key);           // decide under the lock ...
 * }
 * ready.callback(value);                    // ... fire outside it
 * }</pre>
 */
public final class InlineDeadlockException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found, naming the threads and the lock
     */
    public InlineDeadlockException(String message) {
        super(message);
    }
}
