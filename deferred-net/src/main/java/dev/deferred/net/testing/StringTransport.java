package dev.deferred.net.testing;

import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.IPv4Address;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.ProducerPacer;
import dev.deferred.net.protocol.PushProducer;
import dev.deferred.net.protocol.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@link Transport} that records what is written, for testing protocols without sockets:
 * Twisted's {@code proto_helpers.StringTransport}. Nothing is sent anywhere and nothing calls the
 * protocol back: {@link #loseConnection()} only sets {@link #isDisconnecting()}, so the test
 * decides when to call {@code connectionLost}.
 *
 * <p>A registered producer is paced as a real transport paces it ({@link ProducerPacer}), with
 * the bytes written since the last {@link #clear()} as the buffer: the test plays the peer, and
 * {@code clear()} is the peer reading everything. A pull producer is resumed at registration and
 * at each {@code clear()}; a streaming producer is paused once more than 64 KiB are uncleared and
 * resumed at {@code clear()}. (Twisted's double only records the producer.)
 *
 * <pre>{@code
 * StringTransport t = new StringTransport();
 * Echo p = new Echo();
 * p.makeConnection(t);
 * p.dataReceived("hi".getBytes(UTF_8));
 * assertEquals("hi", t.valueString());
 * }</pre>
 *
 * <p>Not thread-safe: use it from the test's thread.
 */
public class StringTransport implements Transport {

    /** What the protocol may do with reading, as the transport's producer side records it. */
    public enum ProducerState {
        /** Reading (the initial state). */
        PRODUCING,
        /** {@link #pauseProducing()} was called. */
        PAUSED,
        /** {@link #stopProducing()} was called. */
        STOPPED
    }

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final Address host;
    private final Address peer;
    private boolean disconnecting;
    private boolean aborting;
    private boolean writeConnectionLost;
    /** Paces a registered producer by {@link #written}'s size: the test drains it with {@link #clear()}. */
    private final ProducerPacer pacer = new ProducerPacer(0, 64 * 1024);
    private ProducerState producerState = ProducerState.PRODUCING;

    /** A transport between 10.0.0.1:12345 (host) and 192.168.1.1:54321 (peer), as Twisted's. */
    public StringTransport() {
        this(new IPv4Address("10.0.0.1", 12345), new IPv4Address("192.168.1.1", 54321));
    }

    /**
     * A transport with the given addresses.
     *
     * @param host what {@link #getHost()} returns
     * @param peer what {@link #getPeer()} returns
     */
    public StringTransport(Address host, Address peer) {
        this.host = Objects.requireNonNull(host, "host");
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    /**
     * Everything written since creation or the last {@link #clear()}.
     *
     * @return a copy of the bytes
     */
    public byte[] value() {
        return written.toByteArray();
    }

    /**
     * {@link #value()} decoded as UTF-8.
     *
     * @return the text written
     */
    public String valueString() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /**
     * Forgets what was written so far, as a peer that read it all: a producer waiting for the
     * buffer to drain is resumed (see the class comment).
     */
    public void clear() {
        written.reset();
        pacer.drained(0);
        pacer.emptied();
    }

    /**
     * Records the bytes (writes are recorded even after {@link #loseConnection()}, as in Twisted's
     * double, so a test sees everything the protocol tried to send).
     *
     * @param data the bytes
     */
    @Override
    public void write(byte[] data) {
        written.writeBytes(Objects.requireNonNull(data, "data"));
        pacer.wrote(written.size());
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    /** Marks the transport as disconnecting; nothing else happens. */
    @Override
    public void loseConnection() {
        disconnecting = true;
    }

    /** Marks the transport as aborting and disconnecting; nothing else happens. */
    @Override
    public void abortConnection() {
        aborting = true;
        disconnecting = true;
    }

    /** Marks the write side as closed. */
    @Override
    public void loseWriteConnection() {
        writeConnectionLost = true;
    }

    @Override
    public Address getPeer() {
        return peer;
    }

    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting;
    }

    /**
     * Whether {@link #abortConnection()} was called.
     *
     * @return true after an abort
     */
    public boolean isAborting() {
        return aborting;
    }

    /**
     * Whether {@link #loseWriteConnection()} was called.
     *
     * @return true after a half-close
     */
    public boolean isWriteConnectionLost() {
        return writeConnectionLost;
    }

    /**
     * Registers the producer; see {@link Transport#registerProducer}. A pull producer is resumed
     * now (and at each {@link #clear()}).
     *
     * @throws IllegalStateException if one is already registered
     * @throws IllegalArgumentException if streaming and not a {@link PushProducer}
     */
    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        pacer.register(producer, streaming, written.size(), false);
    }

    /**
     * Forgets the producer.
     *
     * @throws IllegalStateException if none is registered (Twisted's double raises too)
     */
    @Override
    public void unregisterProducer() {
        if (pacer.producer() == null) {
            throw new IllegalStateException("cannot unregister a producer: none is registered");
        }
        pacer.unregister();
    }

    /**
     * The registered producer.
     *
     * @return it, or null
     */
    public Producer getProducer() {
        return pacer.producer();
    }

    /**
     * Whether the registered producer is streaming.
     *
     * @return the flag given to {@link #registerProducer}
     */
    public boolean isStreaming() {
        return pacer.isStreaming();
    }

    /**
     * What {@link #pauseProducing()}, {@link #resumeProducing()} and {@link #stopProducing()}
     * last asked for.
     *
     * @return the state
     */
    public ProducerState getProducerState() {
        return producerState;
    }

    /** Records a pause; see {@link #getProducerState()}. */
    @Override
    public void pauseProducing() {
        checkNotStopped();
        producerState = ProducerState.PAUSED;
    }

    /** Records a resume; see {@link #getProducerState()}. */
    @Override
    public void resumeProducing() {
        checkNotStopped();
        producerState = ProducerState.PRODUCING;
    }

    /** Records a stop; see {@link #getProducerState()}. */
    @Override
    public void stopProducing() {
        producerState = ProducerState.STOPPED;
    }

    private void checkNotStopped() {
        if (producerState == ProducerState.STOPPED) {
            throw new IllegalStateException("the transport's producer side was already stopped");
        }
    }
}
