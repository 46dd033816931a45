package dev.deferred.net.tls;

import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.PushProducer;

/**
 * What a producer of the application is registered below a {@link TlsProtocol} as: the transport below pauses it
 * when ciphertext backs up, and this layer keeps a streaming one paused during the handshake.
 */
final class TlsProducerMembrane implements PushProducer {
    private final Producer inner;
    private final boolean streaming;
    private boolean pausedBelow;
    private boolean pausedHandshake;
    /** Plain bytes written inside the engine loop wait in the TLS layer: too many of them. */
    private boolean pausedBacklog;

    TlsProducerMembrane(Producer inner, boolean streaming) {
        this.inner = inner;
        this.streaming = streaming;
    }

    void handshaking(boolean on) {
        if (!streaming) {
            return;
        }
        boolean was = paused();
        pausedHandshake = on;
        apply(was);
    }

    void backlog(boolean on) {
        if (!streaming || pausedBacklog == on) {
            return;
        }
        boolean was = paused();
        pausedBacklog = on;
        apply(was);
    }

    private boolean paused() {
        return pausedBelow || pausedHandshake || pausedBacklog;
    }

    @Override
    public void pauseProducing() {
        boolean was = paused();
        pausedBelow = true;
        apply(was);
    }

    @Override
    public void resumeProducing() {
        if (!streaming) {
            inner.resumeProducing(); // a pull producer: one more chunk
            return;
        }
        boolean was = paused();
        pausedBelow = false;
        apply(was);
    }

    private void apply(boolean was) {
        boolean now = paused();
        if (now && !was) {
            ((PushProducer) inner).pauseProducing();
        } else if (!now && was) {
            inner.resumeProducing();
        }
    }

    @Override
    public void stopProducing() {
        inner.stopProducing();
    }

    @Override
    public String toString() {
        return "TlsProducerMembrane[" + inner + "]";
    }
}
