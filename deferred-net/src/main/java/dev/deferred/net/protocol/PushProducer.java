package dev.deferred.net.protocol;

/**
 * A streaming producer (Twisted's {@code IPushProducer}): it writes whenever it has data, and the
 * consumer calls {@link #pauseProducing()} when its buffer is too full and
 * {@link #resumeProducing()} once it has drained enough.
 *
 * <pre>{@code
 * transport.registerProducer(new PushProducer() {
 *     public void pauseProducing()  { source.pause(); }
 *     public void resumeProducing() { source.resume(); }
 *     public void stopProducing()   { source.close(); }
 * }, true);
 * }</pre>
 */
public interface PushProducer extends Producer {

    /**
     * Stop writing until {@link #resumeProducing()}: the consumer's buffer is past its high-water
     * mark. Writing anyway is allowed (the data is buffered) but defeats flow control.
     */
    void pauseProducing();
}
