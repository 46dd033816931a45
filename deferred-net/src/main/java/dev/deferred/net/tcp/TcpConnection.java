package dev.deferred.net.tcp;

import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.BufferReceiver;
import dev.deferred.net.protocol.ConnectionAbortedException;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.HalfCloseableProtocol;
import dev.deferred.net.protocol.IProducer;
import dev.deferred.net.protocol.ProducerPacer;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.Transport;
import dev.deferred.net.tls.StartTlsTransport;
import dev.deferred.net.tls.TlsOptions;
import dev.deferred.net.tls.TlsProtocol;
import dev.deferred.net.tls.TlsTransport;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The {@link Transport} of one TCP connection on a {@link TcpReactor}: Twisted's
 * {@code tcp.Connection}. Created by listening ports and connectors; protocols see it as their
 * {@link Protocol#getTransport() transport}.
 *
 * <p>Writing: a small write copies the bytes into the connection's queue (packed together with
 * other small writes) and the queue is sent right after the current turn of the reactor, so a
 * burst of writes costs one system call. A write of 16 KiB or more with nothing queued goes to the
 * socket at once, and only what the socket does not take is queued. Whatever is queued is sent
 * when the socket becomes writable, in order. The queue copies into direct buffers the reactor
 * pools (up to 4 MiB per reactor, heap buffers beyond), which go to the socket as they are in
 * gathering system calls; heap bytes reach the socket through the reactor's own direct buffer,
 * 256 KiB at a time, so a big write never makes the JDK allocate (and keep) a native buffer of
 * its size. A streaming
 * producer is paused when more than the high-water mark (64 KiB by default) is queued and resumed
 * when the queue drops to the low-water mark (16 KiB by default); see
 * {@link #setWriteBufferWaterMarks}.
 *
 * <p>TLS: {@link #startTLS} switches a live connection to TLS (for STARTTLS protocols); from then
 * on the protocol's reads and this transport's methods pass through the TLS layer.
 *
 * <p>Threads: every method must be called on the reactor thread while the reactor runs (they throw
 * {@link IllegalStateException} otherwise), where the protocol's methods run anyway; only
 * {@link #getHost()} and {@link #getPeer()}, which never change, may be called from any thread.
 */
public final class TcpConnection implements StartTlsTransport {
    private static final Logger log = ErrorLog.logger(TcpConnection.class);


    private final TcpReactor tcp;
    private final SocketChannel channel;
    private final Protocol protocol;
    /** The protocol if it takes its reads as a lent buffer ({@link BufferReceiver}), else null. */
    private final BufferReceiver bufferReceiver;
    private final Address host;
    private final Address peer;
    /** Told of the loss after the protocol (the connector uses it); may be null. */
    private final Consumer<Throwable> onLost;

    // Everything below: reactor thread only, no locks.

    /** Bytes written but not yet taken by the socket. */
    private final WriteQueue queue;
    /** Paces a registered producer by {@link #queue}'s size (64 KiB high, 16 KiB low water). */
    private final ProducerPacer pacer = new ProducerPacer(16 * 1024, 64 * 1024);
    /** Whether the writer handler is registered with the reactor. */
    private boolean writing;
    /**
     * Whether a flush of the queue is due and has not run yet: at the end of the current read
     * ({@link #flushAfterRead}) or on the TCP layer's next pass over the connections to flush.
     */
    private boolean flushScheduled;
    /** A read is being delivered to the protocol: what it writes is flushed when the read ends. */
    private boolean inRead;
    /** Something was written while {@link #inRead}: doRead flushes it when the read ends. */
    private boolean flushAfterRead;
    /** Whether the reader handler is registered with the reactor. */
    private boolean reading;
    /** loseConnection or abort was called, or the loss is being reported. */
    private boolean disconnecting;
    /** The socket is closed and the loss reported (or being reported). */
    private boolean disconnected;
    /** The loss was reported to the protocol (and producer, and connector). */
    private boolean reported;
    /** The reason a closed connection will report on a later turn (abort), for shutdown to use. */
    private Throwable pendingLoss;
    /** loseWriteConnection was called: drop new writes, shut down output once drained. */
    private boolean writeCloseRequested;
    /** Output was shut down. */
    private boolean writeClosed;
    /** The peer's end of input was read (only tracked for half-closeable protocols). */
    private boolean readClosed;
    /** The protocol paused reading through {@link #pauseProducing()}. */
    private boolean readPaused;
    /**
     * Set by {@link #startTLS}: the protocol's reads go to it and the public transport methods
     * through it; it reaches the socket through {@link #raw}. Null for a plain connection.
     */
    private TlsProtocol tls;
    /** This connection without the TLS layer: what the TLS layer writes its records to. */
    private final Transport raw = new Raw();

    TcpConnection(TcpReactor tcp, SocketChannel channel, Protocol protocol, Address host, Address peer,
            Consumer<Throwable> onLost) {
        this.tcp = tcp;
        this.channel = channel;
        this.protocol = protocol;
        this.bufferReceiver = protocol instanceof BufferReceiver r ? r : null;
        this.host = host;
        this.peer = peer;
        this.onLost = onLost;
        this.queue = new WriteQueue(tcp.packBuffers);
    }

    /** Connects the protocol and starts reading. Reactor thread. */
    void start() {
        tcp.opened(this);
        noDelayByDefault();
        try {
            protocol.makeConnection(this);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("connectionMade of {} failed; closing the connection", protocol, t);
            connectionLost(Failures.asFailure(t));
            return;
        }
        if (!disconnecting && !readPaused) {
            startReading();
        }
    }

    /**
     * Turns Nagle's algorithm off on a TCP socket before the protocol sees it (it may turn it back
     * on with {@link #setTcpNoDelay}). The write queue already gathers every write of a turn into
     * one system call, which is what Nagle is for; on top of that, Nagle holds back the short tail
     * of each write (a 64 KiB write on loopback is one full segment and 53 bytes) until the
     * previous segment is acknowledged, and a request/answer exchange can wait for a delayed ACK.
     * Netty and Go do the same; Twisted leaves Nagle on (listed in the guide for Twisted users).
     */
    private void noDelayByDefault() {
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                log.debug("could not turn Nagle's algorithm off on {}", channel, e); // closed already: the read says so
            }
        }
    }

    // ------------------------------------------------------------------ reading

    private void startReading() {
        if (!reading) {
            reading = true;
            tcp.fds.addReader(channel, ch -> guarded(this::doRead, "reading"));
        }
    }

    /**
     * Runs one readiness handler. The user code it reaches beyond the protocol callbacks guarded
     * one by one (a producer's resumeProducing, the TLS layer) may throw anything; per
     * {@link Failures}, all but a loop-ending error is logged and closes this connection only.
     */
    private void guarded(Runnable handler, String what) {
        try {
            handler.run();
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("{} {} threw; closing the connection", what, this, t);
            connectionLost(Failures.asFailure(t));
        }
    }

    private void stopReading() {
        if (reading) {
            reading = false;
            tcp.fds.removeReader(channel);
        }
    }

    /** At most this many reads per readiness, so one busy connection cannot starve the others. */
    private static final int READS_PER_TURN = 16;
    /** A read this big filled the buffer: more is probably waiting. */
    private static final int READ_BUFFER_FULL = TcpReactor.READ_BUFFER_SIZE;

    /**
     * Reads what the socket has and delivers it; what the protocol writes in answer is flushed
     * right after, in this turn (as Netty flushes on read-complete), rather than handed to a later
     * pass of the loop: a request/answer protocol then costs no queued call per message.
     */
    private void doRead() {
        boolean flush;
        inRead = true;
        try {
            readAvailable();
        } finally {
            inRead = false;
            flush = flushAfterRead;
            flushAfterRead = false;
            if (flush) {
                flushScheduled = false;
            }
        }
        if (flush) {
            doWrite();
        }
    }

    private void readAvailable() {
        ByteBuffer b = tcp.readBuffer;
        // Keep reading while the buffer comes back full (more is probably waiting): fewer trips
        // through select for a fast sender. Stop as soon as the protocol pauses or closes.
        for (int i = 0; i < READS_PER_TURN && reading && !disconnected; i++) {
            b.clear();
            int n;
            try {
                n = channel.read(b);
            } catch (IOException e) {
                connectionLost(new ConnectionLostException("connection to " + peer + " lost: " + e.getMessage(), e));
                return;
            }
            if (n < 0) {
                readEndOfInput();
                return;
            }
            if (n == 0) {
                return;
            }
            b.flip();
            try {
                if (tls == null && bufferReceiver != null) {
                    // Lent for the call only (see BufferReceiver): no copy, no allocation.
                    bufferReceiver.bufferReceived(b);
                } else {
                    byte[] data = new byte[n];
                    b.get(data);
                    (tls != null ? tls : protocol).dataReceived(data);
                }
            } catch (Throwable t) {
                Failures.rethrowIfEndsLoop(t);
                log.error("dataReceived of {} threw; closing the connection", protocol, t);
                connectionLost(Failures.asFailure(t));
                return;
            }
            if (n < READ_BUFFER_FULL) {
                return; // the socket had less than a buffer-full: it is drained
            }
        }
    }

    private void readEndOfInput() {
        if (tls == null && protocol instanceof HalfCloseableProtocol half) {
            readClosed = true;
            stopReading();
            try {
                half.readConnectionLost();
            } catch (Throwable t) {
                Failures.rethrowIfEndsLoop(t);
                log.error("readConnectionLost of {} threw; closing the connection", protocol, t);
                connectionLost(Failures.asFailure(t));
                return;
            }
            if (writeClosed) {
                connectionLost(new ConnectionDoneException("connection to " + peer + " closed in both directions"));
            }
            return;
        }
        connectionLost(new ConnectionDoneException("connection to " + peer + " was closed cleanly by the peer"));
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        write(data, 0, data.length);
    }

    /**
     * Writes {@code len} bytes of {@code data} from {@code off}; see {@link #write(byte[])}.
     *
     * @param data the array
     * @param off the first byte
     * @param len how many bytes
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (tls != null) {
            tcp.checkThread("Transport.write");
            tls.write(off == 0 && len == data.length ? data : java.util.Arrays.copyOfRange(data, off, off + len));
            return;
        }
        writeRaw(data, off, len);
    }

    private void writeRaw(byte[] data, int off, int len) {
        tcp.checkThread("Transport.write");
        if (len == 0 || disconnected || writeCloseRequested) {
            if (disconnected) {
                pauseDroppedProducer();
            }
            return;
        }
        if (len >= WriteQueue.PACK_SIZE && queue.isEmpty()) {
            // A big write with nothing queued before it: hand it to the socket now, which saves
            // copying whatever the socket takes; only the rest is copied below.
            ByteBuffer now = ByteBuffer.wrap(data, off, len);
            if (!sendNow(List.of(now))) {
                return;
            }
            off = now.position();
            len = now.remaining();
        }
        // Copy: the caller may reuse its array as soon as we return.
        queue.add(data, off, len);
        queued();
    }

    /**
     * Hands {@code now} to the socket at once (a big write with nothing queued before it).
     *
     * @return true if some of it is left to queue; false if all was sent, or the connection was
     *     found gone (closed here, reported on a later turn)
     */
    private boolean sendNow(List<ByteBuffer> now) {
        try {
            tcp.writer.write(channel, now);
        } catch (IOException e) {
            // Never call connectionLost from inside write(): the protocol is up the stack.
            closeNowReportLater(new ConnectionLostException(
                    "connection to " + peer + " lost while writing: " + e.getMessage(), e), false);
            pauseDroppedProducer();
            return false;
        }
        for (ByteBuffer b : now) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        if (pacer.hasPullProducer()) {
            scheduleFlush(); // the flush asks a pull producer for more
        }
        return false;
    }

    /** Bytes were added to the queue: send them after this turn, and pace the producer. */
    private void queued() {
        scheduleFlush();
        pacer.wrote(queue.size());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here, with nothing queued before them, 16 KiB or more go to the socket at once in one
     * gathering system call: direct buffers (such as the one a {@link BufferReceiver} is lent)
     * without any copy, heap buffers through the reactor's direct buffer. What the socket does not
     * take is copied into the queue (small buffers packed together), as {@link #write(byte[])} does.
     */
    @Override
    public void write(ByteBuffer... data) {
        Objects.requireNonNull(data, "data");
        long total = 0;
        for (ByteBuffer b : data) {
            total += Objects.requireNonNull(b, "a buffer given to write is null").remaining();
        }
        if (tls != null) {
            tcp.checkThread("Transport.write");
            StartTlsTransport.super.write(data); // the TLS layer encrypts from one array
            return;
        }
        writeRaw(data, total);
    }

    private void writeRaw(ByteBuffer[] data, long total) {
        tcp.checkThread("Transport.write");
        if (total == 0 || disconnected || writeCloseRequested) {
            if (disconnected) {
                pauseDroppedProducer();
            }
            for (ByteBuffer b : data) {
                b.position(b.limit()); // taken, as the contract says, even if dropped
            }
            return;
        }
        if (total >= WriteQueue.PACK_SIZE && queue.isEmpty() && !sendNow(Arrays.asList(data))) {
            return;
        }
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                queue.add(b);
            }
        }
        queued();
    }

    /**
     * The connection is closed but its loss is reported on a later turn (a write found the peer
     * gone, or the protocol aborted): a streaming producer that writes whenever it is not paused
     * would otherwise loop on the reactor thread and that turn would never come. Pause it now, as
     * a full buffer would; {@code stopProducing} follows with the loss.
     */
    private void pauseDroppedProducer() {
        pacer.pause();
    }

    /**
     * Sends what is queued when the read being delivered ends, or else at the TCP layer's next
     * pass over the connections to flush (one queued call per turn for all of them, right after
     * the handlers of the current turn): everything written in one turn goes out together. No
     * system call here and no wakeup (we are on the reactor thread).
     */
    private void scheduleFlush() {
        if (!flushScheduled && !writing) {
            flushScheduled = true;
            if (inRead) {
                flushAfterRead = true;
            } else {
                tcp.flushSoon(this);
            }
        }
    }

    /** The TCP layer's pass over the connections to flush reached this one. */
    void flushNow() {
        if (flushScheduled) {
            flushScheduled = false;
            guarded(this::doWrite, "writing");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the chunks are not joined into one array first: they go out as one gathering write
     * ({@link #write(ByteBuffer...)}), small ones packed into the queue.
     */
    @Override
    public void writeSequence(Iterable<byte[]> data) {
        Objects.requireNonNull(data, "data");
        List<ByteBuffer> chunks = new ArrayList<>();
        for (byte[] chunk : data) {
            chunks.add(ByteBuffer.wrap(Objects.requireNonNull(chunk, "a chunk of writeSequence is null")));
        }
        write(chunks.toArray(ByteBuffer[]::new));
    }

    private void startWriting() {
        if (!writing) {
            writing = true;
            tcp.fds.addWriter(channel, ch -> guarded(this::doWrite, "writing"));
        }
    }

    private void stopWriting() {
        if (writing) {
            writing = false;
            tcp.fds.removeWriter(channel);
        }
    }

    private void doWrite() {
        if (disconnected) {
            return;
        }
        try {
            queue.writeTo(channel, tcp.writer);
        } catch (IOException e) {
            connectionLost(new ConnectionLostException(
                    "connection to " + peer + " lost while writing: " + e.getMessage(), e));
            return;
        }
        pacer.drained(queue.size());
        if (disconnected) {
            return;
        }
        if (!queue.isEmpty()) {
            startWriting(); // the socket is full: go on when it is writable
            return;
        }
        // Drained.
        if (pacer.hasPullProducer()) {
            // A pull producer writes one chunk per resume; its write re-registers us.
            stopWriting();
            pacer.emptied();
            return;
        }
        stopWriting();
        if (writeCloseRequested && !writeClosed) {
            shutdownOutput();
            if (disconnected) {
                return;
            }
        }
        if (disconnecting) {
            connectionLost(new ConnectionDoneException("connection to " + peer + " closed cleanly"));
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            connectionLost(new ConnectionLostException("shutting down output to " + peer + " failed: "
                    + e.getMessage(), e));
            return;
        }
        writeClosed = true;
        if (protocol instanceof HalfCloseableProtocol half) {
            try {
                half.writeConnectionLost();
            } catch (Throwable t) {
                Failures.rethrowIfEndsLoop(t);
                log.error("writeConnectionLost of {} threw; closing the connection", protocol, t);
                connectionLost(Failures.asFailure(t));
                return;
            }
        }
        if (readClosed) {
            connectionLost(new ConnectionDoneException("connection to " + peer + " closed in both directions"));
        }
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void loseConnection() {
        if (tls != null) {
            tcp.checkThread("Transport.loseConnection");
            tls.loseConnection(); // close_notify first; it then closes through raw
            return;
        }
        loseConnectionRaw();
    }

    private void loseConnectionRaw() {
        tcp.checkThread("Transport.loseConnection");
        if (disconnecting || disconnected) {
            return;
        }
        disconnecting = true;
        stopReading();
        // The writer handler closes once the queue is empty (at once if it already is).
        startWriting();
    }

    @Override
    public void abortConnection() {
        tcp.checkThread("Transport.abortConnection");
        if (disconnected) {
            return;
        }
        closeNowReportLater(new ConnectionAbortedException("connection to " + peer + " was aborted by this side"), true);
    }

    /**
     * Closes the socket now and reports the loss on the next turn, for losses noticed inside a
     * transport method called by the protocol.
     */
    private void closeNowReportLater(Throwable reason, boolean reset) {
        disconnecting = true;
        disconnected = true; // no more reads, writes or handler calls; only the report below
        queue.clear();
        tcp.fds.removeAll(channel);
        reading = false;
        writing = false;
        if (reset) {
            try {
                // Linger 0: close sends a reset, so the peer sees the abort rather than a clean end.
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("could not set SO_LINGER before abort", e);
            }
        }
        closeChannel();
        pendingLoss = reason;
        tcp.reactor.callFromThread(() -> reportLost(reason));
    }

    @Override
    public void loseWriteConnection() {
        if (tls != null) {
            tls.loseWriteConnection(); // TLS cannot half-close: throws
        }
        tcp.checkThread("Transport.loseWriteConnection");
        if (disconnected || writeCloseRequested) {
            return;
        }
        writeCloseRequested = true;
        startWriting();
    }

    /** Closes now and reports {@code reason} to the protocol (once). Reactor thread. */
    private void connectionLost(Throwable reason) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        disconnecting = true;
        queue.clear();
        tcp.fds.removeAll(channel);
        reading = false;
        writing = false;
        closeChannel();
        reportLost(reason);
    }

    /** The reactor is stopping: close now and report it, unless the loss was reported already. */
    void reactorShutdown() {
        if (!disconnected) {
            connectionLost(new ConnectionLostException("connection to " + peer + " closed: the reactor shut down"));
        } else if (!reported) {
            reportLost(pendingLoss); // its scheduled report would be dropped by the stopping loop
        }
    }

    private void reportLost(Throwable reason) {
        if (reported) {
            return;
        }
        reported = true;
        tcp.closed(this);
        IProducer p = pacer.unregister();
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                Failures.rethrowIfEndsLoop(t);
                log.error("stopProducing of {} threw", p, t);
            }
        }
        try {
            (tls != null ? tls : protocol).deliverConnectionLost(reason);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("connectionLost of {} threw", protocol, t);
        }
        if (onLost != null) {
            onLost.accept(reason);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }

    // ------------------------------------------------------------------ producer / consumer

    @Override
    public void registerProducer(IProducer producer, boolean streaming) {
        if (tls != null) {
            tcp.checkThread("Transport.registerProducer");
            tls.registerProducer(producer, streaming);
            return;
        }
        registerProducerRaw(producer, streaming);
    }

    private void registerProducerRaw(IProducer producer, boolean streaming) {
        tcp.checkThread("Transport.registerProducer");
        pacer.register(producer, streaming, queue.size(), disconnected);
    }

    /**
     * Detaches the producer. Unlike {@code StringTransport}, calling it with no producer does
     * nothing (as Twisted's real transports), since the connection may have dropped it already.
     */
    @Override
    public void unregisterProducer() {
        if (tls != null) {
            tcp.checkThread("Transport.unregisterProducer");
            tls.unregisterProducer();
            return;
        }
        unregisterProducerRaw();
    }

    private void unregisterProducerRaw() {
        tcp.checkThread("Transport.unregisterProducer");
        pacer.unregister();
        if (disconnecting && !disconnected) {
            startWriting(); // a pending loseConnection may now complete
        }
    }

    @Override
    public void pauseProducing() {
        if (tls != null) {
            tcp.checkThread("Transport.pauseProducing");
            tls.pauseProducing();
            return;
        }
        pauseProducingRaw();
    }

    private void pauseProducingRaw() {
        tcp.checkThread("Transport.pauseProducing");
        readPaused = true;
        stopReading();
    }

    @Override
    public void resumeProducing() {
        if (tls != null) {
            tcp.checkThread("Transport.resumeProducing");
            tls.resumeProducing();
            return;
        }
        resumeProducingRaw();
    }

    private void resumeProducingRaw() {
        tcp.checkThread("Transport.resumeProducing");
        readPaused = false;
        if (!disconnecting && !disconnected && !readClosed) {
            startReading();
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    /**
     * Sets when a streaming producer is paused (more than {@code high} bytes queued) and resumed
     * (queue down to {@code low} bytes).
     *
     * @param low the resume mark, at least 0
     * @param high the pause mark, at least {@code low}
     * @throws IllegalArgumentException if {@code low < 0} or {@code high < low}
     */
    public void setWriteBufferWaterMarks(int low, int high) {
        tcp.checkThread("TcpConnection.setWriteBufferWaterMarks");
        pacer.setWaterMarks(low, high);
    }

    /**
     * Bytes written but not yet taken by the socket.
     *
     * @return the queued byte count
     */
    public long getBufferedBytes() {
        tcp.checkThread("TcpConnection.getBufferedBytes");
        return queue.size();
    }

    /**
     * Turns Nagle's algorithm off ({@code true}) or on; Twisted's {@code setTcpNoDelay}. The same as
     * {@code setOption(StandardSocketOptions.TCP_NODELAY, on)}.
     *
     * @param on true to send small writes at once
     * @throws IllegalStateException if the option cannot be set (the socket is closed)
     */
    public void setTcpNoDelay(boolean on) {
        setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    /**
     * Turns TCP keepalive probes on or off; Twisted's {@code setTcpKeepAlive}. The same as
     * {@code setOption(StandardSocketOptions.SO_KEEPALIVE, on)}. How often the probes go is the
     * system's setting unless set with {@code jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE} and
     * friends through {@link #setOption}.
     *
     * @param on true to probe an idle connection, so a peer that vanished is noticed
     * @throws IllegalStateException if the option cannot be set (the socket is closed)
     */
    public void setKeepAlive(boolean on) {
        setOption(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    /**
     * Sets a socket option of this connection: any option the socket supports, such as
     * {@link StandardSocketOptions#SO_KEEPALIVE}, {@link StandardSocketOptions#TCP_NODELAY},
     * {@link StandardSocketOptions#SO_SNDBUF}, {@link StandardSocketOptions#SO_RCVBUF} or the
     * JDK's {@code jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE}.
     *
     * <pre>{@code
     * TcpConnection c = (TcpConnection) transport;
     * c.setOption(StandardSocketOptions.SO_SNDBUF, 256 * 1024);
     * c.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 60);
     * }</pre>
     *
     * @param option the option
     * @param value its value
     * @param <T> the option's type
     * @throws IllegalArgumentException if the socket does not support {@code option}, or
     *     {@code value} is not valid for it
     * @throws IllegalStateException if the socket is closed
     */
    public <T> void setOption(SocketOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        tcp.checkThread("TcpConnection.setOption");
        checkSupported(option);
        try {
            channel.setOption(option, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot set " + option.name() + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a socket option of this connection.
     *
     * @param option the option
     * @param <T> the option's type
     * @return its value
     * @throws IllegalArgumentException if the socket does not support {@code option}
     * @throws IllegalStateException if the socket is closed
     */
    public <T> T getOption(SocketOption<T> option) {
        Objects.requireNonNull(option, "option");
        tcp.checkThread("TcpConnection.getOption");
        checkSupported(option);
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + option.name() + " of " + this + ": " + e.getMessage(), e);
        }
    }

    private void checkSupported(SocketOption<?> option) {
        if (!channel.supportedOptions().contains(option)) {
            throw new IllegalArgumentException("a TCP connection does not support the socket option " + option.name()
                    + "; supported: " + channel.supportedOptions().stream().map(SocketOption::name).sorted().toList());
        }
    }

    /**
     * The reactor this connection runs on (Twisted's {@code transport.reactor}); layers over the
     * connection, such as TLS, use it to act at the end of the current turn.
     *
     * @return the reactor
     */
    public dev.deferred.reactor.Reactor getReactor() {
        return tcp.reactor;
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
        tcp.checkThread("Transport.isDisconnecting");
        return disconnecting || tls != null && tls.isDisconnecting();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Bytes this connection has already read but the protocol has not been given stay plain;
     * in practice a STARTTLS protocol calls this from {@code dataReceived} right after the line
     * that agrees to upgrade, and the peer sends its first TLS record only after reading it.
     */
    @Override
    public TlsTransport startTLS(TlsOptions options) {
        Objects.requireNonNull(options, "options");
        tcp.checkThread("startTLS");
        if (tls != null) {
            throw new IllegalStateException("startTLS: TLS is already started on " + this);
        }
        if (disconnecting || disconnected) {
            throw new IllegalStateException("startTLS: " + this + " is closing or closed");
        }
        TlsProtocol layer = TlsProtocol.forStartTls(options, protocol);
        tls = layer;
        layer.makeConnection(raw); // starts the handshake (a client's ClientHello goes out)
        return layer;
    }

    /** This connection's socket methods, bypassing the TLS layer: the TLS layer's transport. */
    private final class Raw implements Transport {
        @Override
        public void write(byte[] data) {
            writeRaw(data, 0, data.length);
        }

        @Override
        public void writeSequence(Iterable<byte[]> data) {
            for (byte[] chunk : data) {
                write(chunk);
            }
        }

        @Override
        public void loseConnection() {
            loseConnectionRaw();
        }

        @Override
        public void abortConnection() {
            TcpConnection.this.abortConnection();
        }

        @Override
        public void loseWriteConnection() {
            throw new UnsupportedOperationException("the TLS layer does not half-close");
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

        @Override
        public void registerProducer(IProducer producer, boolean streaming) {
            registerProducerRaw(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            unregisterProducerRaw();
        }

        @Override
        public void pauseProducing() {
            pauseProducingRaw();
        }

        @Override
        public void resumeProducing() {
            resumeProducingRaw();
        }

        @Override
        public void stopProducing() {
            loseConnectionRaw();
        }

        @Override
        public String toString() {
            return "raw " + TcpConnection.this;
        }
    }

    @Override
    public String toString() {
        return "TcpConnection[" + host + " -> " + peer + (disconnected ? ", closed" : "") + "]";
    }
}
