/**
 * Conversions between {@link dev.deferred.Deferred} and the futures Java code already uses:
 * {@link java.util.concurrent.CompletableFuture} / {@link java.util.concurrent.CompletionStage}
 * and vavr's {@code io.vavr.concurrent.Future}. The entry point is
 * {@link dev.deferred.future.DeferredFutures}.
 */
module dev.deferred.future {
    requires transitive dev.deferred;

    exports dev.deferred.future;
}
