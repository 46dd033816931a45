package dev.deferred;

/** Small helpers about throwables shared by the core. */
final class Failures {
    private Failures() {}

    /**
     * Whether {@code t} is one of the errors that must never be turned into a Deferred failure,
     * as vavr's {@code Try} defines them: the JVM is broken ({@link VirtualMachineError}), the
     * classpath is broken ({@link LinkageError}), or the thread was asked to stop
     * ({@link InterruptedException}). Catching and storing those would hide a dying JVM or an
     * interrupt inside a promise that nobody may ever look at.
     */
    static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError || t instanceof LinkageError || t instanceof InterruptedException;
    }

    /** Rethrows {@code t} unchanged if it is fatal. */
    static void rethrowIfFatal(Throwable t) {
        if (isFatal(t)) {
            throw Failures.<RuntimeException>sneaky(t);
        }
    }

    /**
     * Throws any throwable, checked or not, without wrapping it. Used where a stored failure is
     * handed back to user code that declared {@code throws Throwable}.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
