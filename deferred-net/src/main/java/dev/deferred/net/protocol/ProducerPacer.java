package dev.deferred.net.protocol;

/**
 * The producer side of a {@link Consumer}, written once for every transport: it holds the
 * registered {@link Producer} and paces it by the transport's write buffer, as
 * {@link Consumer#registerProducer} promises. A streaming ({@link PushProducer}) producer is paused
 * when the buffer passes the high-water mark and resumed when it is back at the low-water mark; a
 * non-streaming (pull) producer is resumed at registration and again each time the buffer drains
 * (empties, or, under {@link #wroteAwaitingDrain}, reaches the low-water mark once per write).
 * The transport only says what happened to its buffer ({@link #wrote}, {@link #drained},
 * {@link #emptied}); when it drains is the transport's business (a socket becoming writable, a
 * writer thread catching up, a test reading what was written).
 *
 * <pre>{@code
 * private final ProducerPacer pacer = new ProducerPacer(16 * 1024, 64 * 1024);
 *
 * public void registerProducer(Producer p, boolean streaming) {
 *     pacer.register(p, streaming, buffered(), isClosed());
 * }
 * public void write(byte[] data) {
 *     queue(data);
 *     pacer.wrote(buffered());
 * }
 * void afterFlush() {
 *     pacer.drained(buffered());
 *     if (buffered() == 0) pacer.emptied();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use it on the transport's thread (the reactor thread). The producer's
 * methods are called on that thread, from inside these methods, and may re-enter the transport.
 */
public final class ProducerPacer {
    private long lowWater;
    private long highWater;
    private Producer producer;
    private boolean streaming;
    /**
     * A resume is owed at the low-water mark: we paused the streaming producer (buffer above high
     * water, or the transport closed), or a pull producer wrote under {@link #wroteAwaitingDrain}.
     * Cleared by the one {@link #drained} that resumes it, so one write earns one resume.
     */
    private boolean paused;

    /**
     * A pacer with the given water marks.
     *
     * @param lowWater the buffered byte count at or below which a paused producer is resumed, at least 0
     * @param highWater the buffered byte count above which a streaming producer is paused, at least {@code lowWater}
     * @throws IllegalArgumentException if {@code lowWater < 0} or {@code highWater < lowWater}
     */
    public ProducerPacer(long lowWater, long highWater) {
        setWaterMarks(lowWater, highWater);
    }

    /**
     * Changes the water marks; they apply from the next {@link #wrote} or {@link #drained}.
     *
     * @param lowWater the resume mark, at least 0
     * @param highWater the pause mark, at least {@code lowWater}
     * @throws IllegalArgumentException if {@code lowWater < 0} or {@code highWater < lowWater}
     */
    public void setWaterMarks(long lowWater, long highWater) {
        if (lowWater < 0 || highWater < lowWater) {
            throw new IllegalArgumentException("need 0 <= low <= high, got low=" + lowWater + " high=" + highWater);
        }
        this.lowWater = lowWater;
        this.highWater = highWater;
    }

    /**
     * Registers {@code p} (after {@link Consumer#checkRegistration}'s checks). On a transport that
     * is already closed, {@code p} is stopped at once and not kept. Otherwise a pull producer is
     * resumed now, and a streaming one is paused at once if {@code buffered} is above high water.
     *
     * @param p the producer
     * @param streaming whether it is a push producer
     * @param buffered the bytes the transport holds now
     * @param closed whether the transport is already disconnected
     * @throws NullPointerException if {@code p} is null
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code streaming} and {@code p} is not a {@link PushProducer}
     */
    public void register(Producer p, boolean streaming, long buffered, boolean closed) {
        Consumer.checkRegistration(producer, p, streaming);
        if (closed) {
            p.stopProducing();
            return;
        }
        producer = p;
        this.streaming = streaming;
        paused = false;
        if (!streaming) {
            p.resumeProducing();
        } else {
            wrote(buffered);
        }
    }

    /**
     * Forgets the producer (no call reaches it any more).
     *
     * @return the producer that was registered, or null
     */
    public Producer unregister() {
        Producer p = producer;
        producer = null;
        streaming = false; // a later write past high water must not pause a forgotten producer
        paused = false;
        return p;
    }

    /**
     * The transport buffered a write: a streaming producer is paused if {@code buffered} passed
     * the high-water mark.
     *
     * @param buffered the bytes the transport holds now
     */
    public void wrote(long buffered) {
        if (buffered > highWater) {
            pause();
        }
    }

    /**
     * The transport buffered a write and resumes a pull producer when its buffer drains to the
     * low-water mark (a writer thread that reports progress) rather than when it empties. A
     * streaming producer is paused as by {@link #wrote}; a pull producer now waits for
     * {@link #drained}, which resumes it once however many drain reports arrive.
     *
     * @param buffered the bytes the transport holds now
     * @return whether this write left a resume owed, so the transport must call {@link #drained}
     *         once its buffer is at or below the low-water mark (false if one was owed already)
     */
    public boolean wroteAwaitingDrain(long buffered) {
        if (producer == null || paused) {
            return false;
        }
        if (streaming) {
            wrote(buffered);
        } else {
            paused = true;
        }
        return paused;
    }

    /**
     * Whether a resume is owed (a streaming producer paused, or a pull producer waiting after
     * {@link #wroteAwaitingDrain}).
     *
     * @return true if {@link #drained} at low water would resume the producer
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * The transport is closed but the loss is reported later: pause a streaming producer now, as a
     * full buffer would, so one that writes whenever it is not paused cannot spin until then.
     */
    public void pause() {
        if (streaming && producer != null && !paused) {
            paused = true;
            ((PushProducer) producer).pauseProducing();
        }
    }

    /**
     * Part of the buffer went out: a producer paused by {@link #wrote} (or waiting after
     * {@link #wroteAwaitingDrain}) is resumed if {@code buffered} is at or below the low-water mark.
     *
     * @param buffered the bytes the transport holds now
     */
    public void drained(long buffered) {
        if (paused && producer != null && buffered <= lowWater) {
            paused = false;
            producer.resumeProducing();
        }
    }

    /**
     * The buffer is empty: a pull producer is asked for its next chunk.
     *
     * @return whether a pull producer was resumed
     */
    public boolean emptied() {
        if (producer != null && !streaming) {
            producer.resumeProducing();
            return true;
        }
        return false;
    }

    /**
     * The registered producer.
     *
     * @return it, or null
     */
    public Producer producer() {
        return producer;
    }

    /**
     * Whether the registered producer is streaming.
     *
     * @return false when none is registered
     */
    public boolean isStreaming() {
        return streaming;
    }

    /**
     * Whether a pull (non-streaming) producer is registered, which waits for {@link #emptied}.
     *
     * @return true if one is
     */
    public boolean hasPullProducer() {
        return producer != null && !streaming;
    }

    @Override
    public String toString() {
        return "ProducerPacer[" + (producer == null ? "no producer" : (streaming ? "streaming " : "pull ") + producer
                + (paused ? ", paused" : "")) + ", low=" + lowWater + ", high=" + highWater + "]";
    }
}
