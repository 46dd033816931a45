/**
 * Reactors for deferred: the {@link dev.deferred.reactor.Reactor} interfaces, a real event loop on
 * {@link java.nio.channels.Selector} ({@link dev.deferred.reactor.SelectReactor}), a deterministic
 * fake clock for tests ({@link dev.deferred.reactor.Clock}), threads for blocking work
 * ({@link dev.deferred.reactor.ReactorThreads}), and Twisted's {@code task} helpers
 * ({@link dev.deferred.reactor.task}). The network (protocols, TCP, TLS, UNIX sockets, UDP,
 * processes, endpoints and their test doubles) is the {@code dev.deferred.net} module, built on
 * {@link dev.deferred.reactor.ReactorFDSet}.
 */
module dev.deferred.reactor {
    requires transitive dev.deferred;
    requires org.slf4j;

    exports dev.deferred.reactor;
    exports dev.deferred.reactor.task;
}
