package dev.deferred.reactor;

/**
 * Run in a child JVM by {@link ReactorErrorWithoutProviderTest}, on a class path without any
 * slf4j provider: a callFromThread call throws, then the reactor stops.
 */
public final class ReactorErrorWithoutProviderMain {
    private ReactorErrorWithoutProviderMain() {}

    /**
     * Entry point.
     *
     * @param args the marker to put in the exception's message
     */
    public static void main(String[] args) {
        SelectReactor reactor = new SelectReactor();
        reactor.callFromThread(() -> fail(args[0]));
        reactor.callFromThread(reactor::stop);
        reactor.run();
        System.out.println("stopped");
    }

    private static void fail(String marker) {
        throw new IllegalStateException(marker);
    }
}
