package dev.deferred.net.protocol;

/**
 * Something that takes bytes and applies back-pressure to one producer: Twisted's
 * {@code IConsumer}. Every {@link Transport} is one.
 */
public interface Consumer {

    /**
     * Attaches a producer whose writes this consumer will pace. A streaming producer must be a
     * {@link PushProducer}: it is paused when the buffer passes the high-water mark and resumed
     * below the low-water mark. A non-streaming producer has {@link Producer#resumeProducing()}
     * called now and each time the buffer drains. On a consumer that is already disconnected, the
     * producer's {@link Producer#stopProducing()} is called at once.
     *
     * @param producer the producer
     * @param streaming true for a push producer, false for a pull producer
     * @throws IllegalStateException if a producer is already registered (unregister it first)
     * @throws IllegalArgumentException if {@code streaming} is true and {@code producer} is not a
     *     {@link PushProducer}
     */
    void registerProducer(Producer producer, boolean streaming);

    /**
     * The checks every {@link #registerProducer} makes before it attaches anything, for consumers
     * to share: a producer is given, none is registered yet, and a streaming one can be paused.
     *
     * @param registered the producer already registered, or null
     * @param producer the producer being registered
     * @param streaming whether it is registered as streaming
     * @throws NullPointerException if {@code producer} is null
     * @throws IllegalStateException if {@code registered} is not null
     * @throws IllegalArgumentException if {@code streaming} and {@code producer} is not a {@link PushProducer}
     */
    static void checkRegistration(Producer registered, Producer producer, boolean streaming) {
        if (producer == null) {
            throw new NullPointerException("registerProducer(null): pass the producer to pace");
        }
        if (registered != null) {
            throw new IllegalStateException("cannot register producer " + producer + ": " + registered
                    + " is already registered; unregister it first");
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("a streaming producer must implement PushProducer: " + producer);
        }
    }

    /**
     * Detaches the registered producer; no more pause/resume calls reach it.
     */
    void unregisterProducer();

    /**
     * Writes bytes; see {@link Transport#write(byte[])}.
     *
     * @param data the bytes
     */
    void write(byte[] data);
}
