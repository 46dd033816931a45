package dev.deferred.reactor;

/**
 * "Run it on the loop": the one helper for code that may be called on the reactor thread or on
 * any other. On the reactor thread {@code r} runs now, so the caller sees its effect at once (a
 * timer added, a channel watched) and nothing is queued behind calls that are already waiting;
 * from any other thread it is handed to the loop with {@link Reactor#callFromThread}, which runs
 * it on a later turn, in order with the other calls handed over.
 */
final class OnLoop {
    private OnLoop() {}

    /**
     * Runs {@code r} now if this is {@code reactor}'s thread, else hands it to the loop. A
     * handed-over {@code r} that depends on state which may change meanwhile (a timer cancelled
     * before the loop adds it) must check that state itself when it runs.
     */
    static void run(Reactor reactor, Runnable r) {
        if (reactor.isOnReactorTurn()) {
            r.run();
        } else {
            reactor.callFromThread(r);
        }
    }
}
