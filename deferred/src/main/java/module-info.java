/**
 * The core of deferred: {@link dev.deferred.Deferred}, a promise with Twisted's callback/errback
 * chain semantics, and the small time abstraction ({@link dev.deferred.ReactorTime}) that timeouts use.
 * The core never depends on a reactor.
 */
module dev.deferred {
    requires transitive io.vavr;
    requires transitive org.slf4j; // ErrorLog.logger returns an slf4j Logger
    requires java.management;

    exports dev.deferred;
}
