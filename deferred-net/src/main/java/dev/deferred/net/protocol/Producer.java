package dev.deferred.net.protocol;

/**
 * Something that produces data for a {@link Consumer}: Twisted's {@code IProducer} and
 * {@code IPullProducer}. A non-streaming ("pull") producer registered with
 * {@link Consumer#registerProducer(Producer, boolean) registerProducer(p, false)} is asked for more
 * by {@link #resumeProducing()} each time the consumer's buffer has drained; it should then write
 * one chunk. A streaming producer is a {@link PushProducer}.
 */
public interface Producer {

    /**
     * Asks for more data: a pull producer writes one chunk; a push producer starts writing again
     * after {@link PushProducer#pauseProducing()}. Called on the consumer's thread (the reactor
     * thread for a TCP transport).
     */
    void resumeProducing();

    /**
     * Stop for good: the consumer is going away (its connection was lost). No call follows.
     */
    void stopProducing();
}
