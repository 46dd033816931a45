/**
 * Reactors for deferred: the {@link dev.deferred.reactor.Reactor} interfaces, a real event loop on
 * {@link java.nio.channels.Selector} ({@link dev.deferred.reactor.SelectReactor}), a deterministic
 * fake clock for tests ({@link dev.deferred.reactor.Clock}), and Twisted's {@code task} helpers
 * ({@link dev.deferred.reactor.task}); the network layer: protocols and transports
 * ({@link dev.deferred.reactor.protocol}), TCP on any reactor that watches channels
 * ({@link dev.deferred.reactor.tcp}), UNIX-domain sockets ({@link dev.deferred.reactor.unix}), UDP
 * ({@link dev.deferred.reactor.udp}), child processes ({@link dev.deferred.reactor.process}),
 * endpoints and endpoint strings ({@link dev.deferred.reactor.endpoint}), TLS ({@link dev.deferred.reactor.tls}), and test doubles
 * ({@link dev.deferred.reactor.testing}).
 */
module dev.deferred.reactor {
    requires transitive dev.deferred;
    requires org.slf4j;

    exports dev.deferred.reactor;
    exports dev.deferred.reactor.task;
    exports dev.deferred.reactor.protocol;
    exports dev.deferred.reactor.tcp;
    exports dev.deferred.reactor.endpoint;
    exports dev.deferred.reactor.tls;
    exports dev.deferred.reactor.testing;
    exports dev.deferred.reactor.process;
    exports dev.deferred.reactor.unix;
    exports dev.deferred.reactor.udp;
}
