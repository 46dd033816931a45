/**
 * Adapters between {@link dev.deferred.Deferred} and {@link java.util.concurrent.CompletableFuture},
 * {@link java.util.concurrent.CompletionStage} and vavr's {@code Future}; see
 * {@link dev.deferred.future.DeferredFutures}.
 */
package dev.deferred.future;
