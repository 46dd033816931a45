/**
 * The slf4j MDC bridge for {@link dev.deferred.DeferredContext}: chosen context values mirrored
 * into the MDC while the code they follow runs, so log lines carry a request's id on every thread.
 * The entry point is {@link dev.deferred.mdc.MdcBridge}.
 */
module dev.deferred.mdc {
    requires transitive dev.deferred;
    requires org.slf4j;

    exports dev.deferred.mdc;
}
