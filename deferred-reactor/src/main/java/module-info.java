/**
 * Reactors for deferred: the {@link dev.deferred.reactor.Reactor} interfaces, a real event loop on
 * {@link java.nio.channels.Selector} ({@link dev.deferred.reactor.SelectReactor}), a deterministic
 * fake clock for tests ({@link dev.deferred.reactor.Clock}), and Twisted's {@code task} helpers
 * ({@link dev.deferred.reactor.task}).
 */
module dev.deferred.reactor {
    requires transitive dev.deferred;
    requires org.slf4j;

    exports dev.deferred.reactor;
    exports dev.deferred.reactor.task;
}
