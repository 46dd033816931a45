package dev.deferred;

/**
 * Which mechanism runs the inline bodies of the test classes: {@code "woven"} when deferred-weaver
 * transformed them (the inline-callbacks-woven run), else the JVM's {@link InlineCallbacks#mechanism()}.
 * Its own probe body is woven exactly when the rest of the test classes are.
 */
final class InlineMechanism {
    private InlineMechanism() {}

    static String ofBodies() {
        String[] seen = new String[1];
        InlineCallbacks.run(co -> {
            seen[0] = ((InlineBody<?>) co).mechanism();
            return co.await(Deferred.succeed("probe"));
        });
        return seen[0];
    }

    static boolean woven() {
        return ofBodies().equals("woven");
    }

    /** Whether a body runs on the thread that fires its Deferred (woven, or continuations). */
    static boolean onFiringThread() {
        return woven() || InlineCallbacks.mechanism().startsWith("continuation");
    }
}
