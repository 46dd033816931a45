/**
 * Mirrors {@link dev.deferred.DeferredContext} values into the slf4j MDC; see
 * {@link dev.deferred.mdc.MdcBridge}.
 */
package dev.deferred.mdc;
