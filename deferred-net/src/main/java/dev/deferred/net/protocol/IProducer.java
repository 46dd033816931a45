package dev.deferred.net.protocol;

/**
 * Something that produces data for an {@link IConsumer}: Twisted's {@code IProducer} and
 * {@code IPullProducer}. A non-streaming ("pull") producer registered with
 * {@link IConsumer#registerProducer(IProducer, boolean) registerProducer(p, false)} is asked for more
 * by {@link #resumeProducing()} each time the consumer's buffer has drained; it should then write
 * one chunk. A streaming producer is an {@link IPushProducer}.
 */
public interface IProducer {

    /**
     * Asks for more data: a pull producer writes one chunk; a push producer starts writing again
     * after {@link IPushProducer#pauseProducing()}. Called on the consumer's thread (the reactor
     * thread for a TCP transport).
     */
    void resumeProducing();

    /**
     * Stop for good: the consumer is going away (its connection was lost). No call follows.
     */
    void stopProducing();
}
