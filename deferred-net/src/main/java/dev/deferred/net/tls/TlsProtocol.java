package dev.deferred.net.tls;

import dev.deferred.Deferred;
import dev.deferred.ErrorLog;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.Transport;
import dev.deferred.net.tcp.TcpConnection;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;

/**
 * TLS as a protocol wrapper (Twisted's {@code TLSMemoryBIOProtocol}): a {@link Protocol} on a
 * plain transport (a TCP connection) that is itself the {@link TlsTransport} of the application
 * protocol it wraps. Ciphertext read from below is decrypted by the JDK's {@link SSLEngine} and
 * handed up as plain bytes; plain bytes written from above are encrypted and written below.
 *
 * <p>Life cycle: the application protocol's {@code connectionMade} runs as soon as the TCP
 * connection is up, before the handshake (as in Twisted); what it writes is kept and sent once
 * the handshake has finished. A handshake or record failure closes the connection (after sending
 * the engine's alert) and reaches the application's {@code connectionLost} as a
 * {@link TlsHandshakeException}, {@link TlsCertificateException} or {@link TlsException}. A peer
 * that closes the TCP connection without a TLS {@code close_notify} is reported as a
 * {@link ConnectionLostException} (the data may have been truncated), as Twisted does.
 *
 * <p>Flow control: a producer registered on this transport is registered on the transport below,
 * so it is paused when the ciphertext backs up; while the handshake runs a streaming producer is
 * kept paused. Pausing this transport pauses reading below (once the handshake has finished,
 * since the handshake itself must read).
 *
 * <p>Threads: like the transport below, reactor thread only. Delegated engine tasks
 * (certificate checks) run inline on that thread.
 *
 * <pre>{@code
 * Factory tls = TlsProtocol.wrapFactory(Factory.forProtocol(Echo::new), TlsOptions.server(key, cert));
 * tcp.listenTCP(8443, tls, 50, "127.0.0.1");
 * }</pre>
 */
public final class TlsProtocol extends Protocol implements TlsTransport {
    private static final Logger log = ErrorLog.logger(TlsProtocol.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsOptions options;
    private final Protocol app;
    /** True for startTLS: the application protocol is connected already, to the transport below. */
    private final boolean interposed;

    // Everything below: reactor thread only, no locks.

    private SSLEngine engine;
    /** Ciphertext read and not yet decrypted, in write mode between calls. */
    private ByteBuffer netIn;
    /** Where one record decrypts to. */
    private ByteBuffer appIn;
    /** Where wrap writes ciphertext before it is written below. */
    private ByteBuffer netOut;
    /** Plain bytes written and not yet encrypted (before the handshake, or while pumping). */
    private final ArrayDeque<ByteBuffer> pendingPlain = new ArrayDeque<>();
    /** The bytes in {@link #pendingPlain}; a streaming producer is paused above {@link #PENDING_HIGH}. */
    private long pendingBytes;
    private static final long PENDING_HIGH = 64 * 1024;
    private boolean handshakeDone;
    private final List<Deferred<SSLSession>> handshakeWaiters = new ArrayList<>();
    /** The application asked to close (loseConnection). */
    private boolean disconnecting;
    /** Our close_notify was produced: no more writes. */
    private boolean closeSent;
    /** The peer's close_notify arrived. */
    private boolean closeReceived;
    /** The application paused reading. */
    private boolean readPaused;
    /** A TLS failure that ends the connection; reported instead of the TCP reason. */
    private TlsException failure;
    /** Why {@link #abortWith} aborted the connection; reported instead of the abort. */
    private Throwable abortReason;
    /** The connection below is lost and reported. */
    private boolean lost;
    /** Re-entrancy guard of {@link #pump()}: a call from inside it asks for another round instead. */
    private boolean pumping;
    private boolean pumpAgain;
    /**
     * Runs a task after the current turn of the reactor (the TCP connection's reactor's
     * {@code callFromThread}), or null when the transport below is not a TCP connection: small
     * writes of one turn are then encrypted together, into full records, once the turn ends.
     */
    private java.util.concurrent.Executor afterTurn;
    /** A pump is queued with {@link #afterTurn}. */
    private boolean pumpScheduled;
    private final Runnable scheduledPump = () -> {
        pumpScheduled = false;
        pump();
    };
    /** Below this many pending bytes a write waits for the end of the turn (one full record). */
    private static final int COALESCE_BELOW = 16 * 1024;
    private Producer producer;
    private TlsProducerMembrane membrane;

    /**
     * Wraps {@code app}: connect this protocol to a plain transport and {@code app} gets a TLS one.
     *
     * @param options the TLS set-up, which also says whether this is the client or the server
     * @param app the application protocol
     */
    public TlsProtocol(TlsOptions options, Protocol app) {
        this(options, app, false);
    }

    private TlsProtocol(TlsOptions options, Protocol app, boolean interposed) {
        this.options = Objects.requireNonNull(options, "options");
        this.app = Objects.requireNonNull(app, "app");
        this.interposed = interposed;
    }

    /**
     * The layer {@code startTLS} puts between a live transport and its already-connected protocol.
     * Transports that implement {@link StartTlsTransport} call it; connect the result to a view of
     * the transport that bypasses the TLS layer.
     *
     * @param options the TLS set-up
     * @param app the protocol already connected to the transport
     * @return the layer, not yet connected
     */
    public static TlsProtocol forStartTls(TlsOptions options, Protocol app) {
        return new TlsProtocol(options, app, true);
    }

    /**
     * A factory that wraps each protocol {@code factory} builds in TLS (Twisted's
     * {@code TLSMemoryBIOFactory}).
     *
     * @param factory the application's factory
     * @param options the TLS set-up
     * @return the wrapping factory
     */
    public static TlsFactory wrapFactory(Factory factory, TlsOptions options) {
        return new TlsFactory(factory, options);
    }

    /**
     * The application protocol this layer wraps.
     *
     * @return the wrapped protocol
     */
    public Protocol getWrappedProtocol() {
        return app;
    }

    // ------------------------------------------------------------------ events from below

    @Override
    public void connectionMade() {
        if (transport instanceof TcpConnection tcp) {
            afterTurn = tcp.reactor()::callFromThread;
        }
        engine = options.newEngine(transport.getPeer());
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize() * 2);
        appIn = ByteBuffer.allocate(s.getApplicationBufferSize() * 2);
        netOut = ByteBuffer.allocate(s.getPacketBufferSize() * 4);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        pump(); // a client's ClientHello leaves now
        if (!interposed) {
            app.makeConnection(this);
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        if (lost || failure != null || closeReceived) {
            return;
        }
        if (netIn.remaining() < data.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + data.length));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data);
        pump();
    }

    @Override
    public void connectionLost(Throwable reason) {
        lost = true;
        Throwable r = reason;
        if (failure != null) {
            r = failure;
        } else if (abortReason != null) {
            r = abortReason;
        } else if (!handshakeDone && reason instanceof ConnectionDoneException) {
            r = new TlsHandshakeException("the connection to " + transport.getPeer()
                    + " was closed during the TLS handshake (does the peer speak TLS?)", reason);
        } else if (handshakeDone && !closeReceived && !closeSent && reason instanceof ConnectionDoneException) {
            r = new ConnectionLostException("the connection to " + transport.getPeer()
                    + " was closed without a TLS close_notify: the data may be truncated", reason);
        }
        pendingPlain.clear();
        pendingBytes = 0;
        failWaiters(r);
        app.deliverConnectionLost(r);
    }

    // ------------------------------------------------------------------ the engine

    /** Runs the engine until it can make no progress: handshake, encrypt, decrypt, close. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                try {
                    step();
                } catch (SSLException e) {
                    fail(e);
                    return;
                }
            } while (pumpAgain && !lost && failure == null);
        } finally {
            pumping = false;
        }
        if (membrane != null && pendingBytes == 0) {
            membrane.backlog(false); // may write, and so pump again: after the guard is down
        }
    }

    private void step() throws SSLException {
        while (!lost && failure == null) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                continue;
            }
            boolean progress = wrapAll();
            if (lost || failure != null) {
                return;
            }
            hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                continue;
            }
            boolean handshaking = hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
            if (!engine.isInboundDone() && (netIn.position() > 0 || hs == HandshakeStatus.NEED_UNWRAP_AGAIN)
                    && (handshaking || !readPaused)) {
                progress |= unwrapAll();
            }
            if (!progress) {
                break;
            }
        }
        maybeClose();
    }

    /** Wraps handshake messages and pending plain bytes into {@link #netOut}, then writes it below. */
    private boolean wrapAll() throws SSLException {
        boolean progress = false;
        netOut.clear();
        try {
            while (!lost) {
                boolean appData = handshakeDone && !pendingPlain.isEmpty() && !engine.isOutboundDone();
                if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP && !appData) {
                    break;
                }
                int packet = engine.getSession().getPacketBufferSize();
                if (netOut.remaining() < packet) {
                    if (netOut.position() > 0) {
                        flushNetOut(); // a full buffer: write it and go on
                    } else {
                        netOut = ByteBuffer.allocate(packet * 4);
                    }
                }
                // Several small writes go into one record: the engine fills it from the array in order.
                ByteBuffer[] src = appData ? firstPending() : NOTHING;
                SSLEngineResult r = engine.wrap(src, netOut);
                pendingBytes -= r.bytesConsumed();
                while (!pendingPlain.isEmpty() && !pendingPlain.peek().hasRemaining()) {
                    pendingPlain.poll();
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    ByteBuffer bigger = ByteBuffer.allocate(netOut.capacity() * 2);
                    netOut.flip();
                    bigger.put(netOut);
                    netOut = bigger;
                    continue;
                }
                if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                    break;
                }
                progress = true;
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    handshakeFinished();
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
        } finally {
            flushNetOut();
        }
        return progress;
    }

    private static final ByteBuffer[] NOTHING = {EMPTY};
    /** At most this many pending writes are offered to one wrap call. */
    private static final int GATHER = 16;

    private ByteBuffer[] firstPending() {
        int n = Math.min(GATHER, pendingPlain.size());
        ByteBuffer[] out = new ByteBuffer[n];
        java.util.Iterator<ByteBuffer> it = pendingPlain.iterator();
        for (int i = 0; i < n; i++) {
            out[i] = it.next();
        }
        return out;
    }

    private void flushNetOut() {
        int n = netOut.position();
        if (n == 0) {
            return;
        }
        netOut.clear();
        if (lost) {
            return;
        }
        if (transport instanceof TcpConnection tcp) {
            // It copies only what the socket does not take at once: no copy of our own.
            tcp.write(netOut.array(), 0, n);
        } else {
            transport.write(java.util.Arrays.copyOf(netOut.array(), n));
        }
    }

    /** Decrypts what {@link #netIn} holds, handing each record's plain bytes to the application. */
    private boolean unwrapAll() throws SSLException {
        boolean progress = false;
        netIn.flip();
        try {
            while (!lost && failure == null
                    && (netIn.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP_AGAIN)) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP) {
                    break;
                }
                if (readPaused && handshakeDone && hs == HandshakeStatus.NOT_HANDSHAKING) {
                    break;
                }
                int recordMax = engine.getSession().getApplicationBufferSize();
                if (appIn.remaining() < recordMax) {
                    if (appIn.position() > 0) {
                        deliver(); // full: hand over what the records so far decrypted to
                        continue;
                    }
                    appIn = ByteBuffer.allocate(recordMax * 2);
                }
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    if (appIn.position() > 0) {
                        deliver();
                    } else {
                        appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, recordMax));
                    }
                    continue;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break; // a partial record: wait for the rest
                }
                if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                    progress = true;
                }
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    handshakeFinished();
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    deliver();
                    closeReceived = true;
                    progress = true;
                    break;
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    break;
                }
            }
            deliver(); // what the last records decrypted to
        } finally {
            netIn.compact();
        }
        return progress;
    }

    /**
     * Hands the decrypted bytes gathered in {@link #appIn} to the application (several records'
     * worth at a time, so a bulk transfer makes fewer, larger {@code dataReceived} calls).
     */
    private void deliver() {
        if (appIn.position() == 0) {
            return;
        }
        appIn.flip();
        byte[] plain = new byte[appIn.remaining()];
        appIn.get(plain);
        appIn.clear();
        if (!lost) {
            app.dataReceived(plain);
        }
    }

    private void handshakeFinished() {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        if (readPaused) {
            transport.pauseProducing(); // the handshake is over: now the application's pause applies below
        }
        if (membrane != null) {
            membrane.handshaking(false);
        }
        SSLSession session = engine.getSession();
        List<Deferred<SSLSession>> waiters = List.copyOf(handshakeWaiters);
        handshakeWaiters.clear();
        for (Deferred<SSLSession> d : waiters) {
            d.callback(session);
        }
    }

    /** Sends close_notify and closes below once everything asked for is done. */
    private void maybeClose() {
        if (lost || closeSent || failure != null) {
            return;
        }
        boolean wanted = closeReceived || (disconnecting && handshakeDone && pendingPlain.isEmpty() && producer == null);
        if (!wanted) {
            return;
        }
        closeSent = true;
        engine.closeOutbound();
        try {
            wrapAll(); // our close_notify
        } catch (SSLException e) {
            log.debug("sending close_notify to {} failed", transport.getPeer(), e);
        }
        if (membrane != null) {
            transport.unregisterProducer();
        }
        transport.loseConnection();
    }

    /** A TLS failure: keep the reason, send the engine's alert if it has one, close below. */
    private void fail(SSLException e) {
        if (failure != null || lost) {
            return;
        }
        failure = classify(e);
        pendingPlain.clear();
        pendingBytes = 0;
        try {
            engine.closeOutbound();
            wrapAll(); // the alert telling the peer why
        } catch (SSLException | RuntimeException ignored) {
            // the engine is broken; close without the alert
        }
        if (membrane != null) {
            transport.unregisterProducer();
        }
        transport.loseConnection();
    }

    private TlsException classify(SSLException e) {
        String peer = String.valueOf(transport.getPeer());
        if (handshakeDone) {
            return new TlsException("TLS error on the connection to " + peer + ": " + e.getMessage(), e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateException) {
                return new TlsCertificateException("the certificate of " + peer + " failed verification"
                        + (options.isClient() ? " for host \"" + options.hostname() + "\"" : "") + ": " + e.getMessage(), e);
            }
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext")) {
            return new TlsHandshakeException("TLS handshake with " + peer + " failed: the peer does not speak TLS ("
                    + m + ")", e);
        }
        return new TlsHandshakeException("TLS handshake with " + peer + " failed: " + m, e);
    }

    private void failWaiters(Throwable reason) {
        List<Deferred<SSLSession>> waiters = List.copyOf(handshakeWaiters);
        handshakeWaiters.clear();
        for (Deferred<SSLSession> d : waiters) {
            d.errback(reason);
        }
    }

    // ------------------------------------------------------------------ the transport above

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length == 0 || lost || closeSent || failure != null) {
            return;
        }
        pendingBytes += data.length;
        if (!handshakeDone || pumping || !pendingPlain.isEmpty() && pendingBytes >= COALESCE_BELOW) {
            pendingPlain.add(ByteBuffer.wrap(data.clone())); // the caller may reuse its array
            if (membrane != null && pendingBytes > PENDING_HIGH) {
                membrane.backlog(true); // resumed once pump has encrypted the backlog
            }
            pump();
            return;
        }
        if (afterTurn != null && pendingBytes < COALESCE_BELOW) {
            // A small write: keep it, with the others of this turn, for one record at the turn's end.
            pendingPlain.add(ByteBuffer.wrap(data.clone()));
            if (!pumpScheduled) {
                pumpScheduled = true;
                afterTurn.execute(scheduledPump);
            }
            return;
        }
        // Handshake done, not re-entered, nothing pending: encrypt straight from the caller's array.
        ByteBuffer b = ByteBuffer.wrap(data);
        pendingPlain.add(b);
        pump();
        if (b.hasRemaining() && pendingPlain.remove(b)) {
            byte[] rest = new byte[b.remaining()];
            b.get(rest);
            pendingPlain.addFirst(ByteBuffer.wrap(rest));
        }
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        Objects.requireNonNull(data, "data");
        for (byte[] chunk : data) {
            Objects.requireNonNull(chunk, "a chunk of writeSequence is null");
        }
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    @Override
    public void loseConnection() {
        if (disconnecting || lost) {
            return;
        }
        disconnecting = true;
        if (engine == null) {
            transport.loseConnection();
            return;
        }
        pump();
    }

    /** Aborts the connection and reports {@code reason} to the application (a handshake timeout). */
    void abortWith(Throwable reason) {
        if (!lost && failure == null && abortReason == null) {
            abortReason = reason;
            abortConnection();
        }
    }

    @Override
    public void abortConnection() {
        if (!lost) {
            disconnecting = true;
            transport.abortConnection();
        }
    }

    /**
     * TLS has no half-close.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void loseWriteConnection() {
        throw new UnsupportedOperationException("a TLS connection cannot half-close; call loseConnection()");
    }

    @Override
    public Address getPeer() {
        return transport.getPeer();
    }

    @Override
    public Address getHost() {
        return transport.getHost();
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting || lost || failure != null || transport.isDisconnecting();
    }

    @Override
    public void pauseProducing() {
        readPaused = true;
        if (handshakeDone) {
            transport.pauseProducing();
        }
    }

    @Override
    public void resumeProducing() {
        readPaused = false;
        transport.resumeProducing();
        if (engine != null && netIn.position() > 0) {
            pump(); // records read before the pause
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public void registerProducer(Producer p, boolean streaming) {
        dev.deferred.net.protocol.Consumer.checkRegistration(producer, p, streaming);
        if (lost || failure != null) {
            p.stopProducing();
            return;
        }
        producer = p;
        membrane = new TlsProducerMembrane(p, streaming);
        if (!handshakeDone) {
            membrane.handshaking(true);
        }
        transport.registerProducer(membrane, streaming);
    }

    @Override
    public void unregisterProducer() {
        if (producer == null) {
            return;
        }
        producer = null;
        membrane = null;
        transport.unregisterProducer();
        if (disconnecting) {
            pump(); // a pending loseConnection may now complete
        }
    }

    // ------------------------------------------------------------------ TlsTransport

    @Override
    public Deferred<SSLSession> whenHandshakeDone() {
        if (handshakeDone) {
            return Deferred.succeed(engine.getSession());
        }
        if (lost) {
            return Deferred.fail(failure != null ? failure
                    : new ConnectionLostException("the connection was lost before the TLS handshake finished"));
        }
        Deferred<SSLSession> d = new Deferred<>();
        handshakeWaiters.add(d);
        return d;
    }

    @Override
    public boolean isHandshakeDone() {
        return handshakeDone;
    }

    @Override
    public SSLSession getSession() {
        if (engine == null) {
            throw new IllegalStateException("the TLS layer is not connected yet");
        }
        return handshakeDone ? engine.getSession() : engine.getHandshakeSession();
    }

    @Override
    public String getNegotiatedProtocol() {
        if (!handshakeDone) {
            return null;
        }
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    @Override
    public String toString() {
        return "TlsProtocol[" + (options.isClient() ? "client" : "server")
                + (transport == null ? "" : " " + transport.getHost() + " -> " + transport.getPeer())
                + (handshakeDone ? "" : ", handshaking") + "]";
    }
}
