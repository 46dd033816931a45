/**
 * The network on deferred's reactors, in Twisted's shape: protocols, transports and their
 * factories ({@link dev.deferred.net.protocol}), TCP on any reactor that watches channels
 * ({@link dev.deferred.net.tcp}), UNIX-domain sockets ({@link dev.deferred.net.unix}), UDP
 * ({@link dev.deferred.net.udp}), child processes ({@link dev.deferred.net.process}), endpoints and
 * endpoint strings ({@link dev.deferred.net.endpoint}), TLS ({@link dev.deferred.net.tls}), and
 * test doubles ({@link dev.deferred.net.testing}). The event loop, clocks, tasks and threads are
 * in {@code dev.deferred.reactor}, which this module requires transitively.
 */
module dev.deferred.net {
    requires transitive dev.deferred.reactor;
    requires org.slf4j;

    exports dev.deferred.net.protocol;
    exports dev.deferred.net.tcp;
    exports dev.deferred.net.endpoint;
    exports dev.deferred.net.tls;
    exports dev.deferred.net.testing;
    exports dev.deferred.net.process;
    exports dev.deferred.net.unix;
    exports dev.deferred.net.udp;
}
