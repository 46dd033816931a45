package dev.deferred.net.endpoint;

import dev.deferred.ErrorLog;
import dev.deferred.net.protocol.Address;
import dev.deferred.net.protocol.ConnectionDoneException;
import dev.deferred.net.protocol.ConnectionLostException;
import dev.deferred.net.protocol.HalfCloseableProtocol;
import dev.deferred.net.protocol.PipeAddress;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.ProducerPacer;
import dev.deferred.net.protocol.Protocol;
import dev.deferred.net.protocol.Transport;
import dev.deferred.reactor.Reactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A {@link Transport} over an input and an output stream (the process's stdin and stdout for
 * {@link StandardIOEndpoint}). Blocking streams cannot be selected on, so a reader thread reads and
 * hands each chunk to the reactor with {@code callFromThread}, and a writer thread writes and
 * flushes the chunks in the order written. Used on the reactor thread, like any transport.
 */
final class StandardIOTransport implements Transport {
    private static final Logger log = ErrorLog.logger(StandardIOTransport.class);
    private static final int READ_CHUNK = 8192;
    private static final long HIGH_WATER = 64 * 1024;
    private static final long LOW_WATER = 16 * 1024;

    private final Reactor reactor;
    private final InputStream in;
    private final OutputStream out;
    private final Protocol protocol;
    /** One thread, so chunks are written in order. */
    private final ExecutorService writer;
    /** Bytes handed to the writer thread and not yet written: written there, read on the reactor thread. */
    private final AtomicLong pending = new AtomicLong();
    /**
     * Guards {@link #readPaused}: the reader thread waits on it while reading is paused, the
     * reactor thread flips it.
     */
    private final Object readLock = new Object();
    private boolean readPaused;

    // Reactor thread only.
    private boolean disconnecting;
    private boolean disconnected;
    private boolean writeClosed;
    /** Paces a registered producer by {@link #pending}. */
    private final ProducerPacer pacer = new ProducerPacer(LOW_WATER, HIGH_WATER);

    StandardIOTransport(Reactor reactor, InputStream in, OutputStream out, Protocol protocol) {
        this.reactor = reactor;
        this.in = in;
        this.out = out;
        this.protocol = protocol;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stdio-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects the protocol and starts the reader thread. Reactor thread. */
    void start() {
        protocol.makeConnection(this);
        Thread reader = new Thread(this::readLoop, "stdio-reader");
        reader.setDaemon(true); // a read on stdin cannot be interrupted: never keep the JVM alive for it
        reader.start();
    }

    private void readLoop() {
        byte[] buf = new byte[READ_CHUNK];
        try {
            while (true) {
                synchronized (readLock) {
                    while (readPaused) {
                        readLock.wait();
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    reactor.callFromThread(this::inputEnded);
                    return;
                }
                if (n > 0) {
                    byte[] chunk = java.util.Arrays.copyOf(buf, n);
                    reactor.callFromThread(() -> {
                        if (!disconnected) {
                            protocol.dataReceived(chunk);
                        }
                    });
                }
            }
        } catch (IOException e) {
            reactor.callFromThread(() -> lose(new ConnectionLostException("reading standard input failed: " + e, e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * End of input, as Twisted's standard I/O treats it: a half-closeable protocol hears
     * {@code readConnectionLost} and may go on writing; any other protocol's connection is closed
     * once its writes are out.
     */
    private void inputEnded() {
        if (disconnected) {
            return;
        }
        if (protocol instanceof HalfCloseableProtocol half) {
            half.readConnectionLost();
        } else {
            loseConnection();
        }
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length == 0 || disconnected || writeClosed) {
            return;
        }
        byte[] copy = data.clone();
        pending.addAndGet(copy.length);
        writer.execute(() -> {
            try {
                out.write(copy);
                out.flush();
            } catch (IOException e) {
                reactor.callFromThread(() -> lose(new ConnectionLostException("writing standard output failed: " + e, e)));
            } finally {
                long left = pending.addAndGet(-copy.length);
                if (left <= LOW_WATER) {
                    // left == 0: this write emptied the buffer, which asks a pull producer for its
                    // next chunk (once per emptying: the next write makes pending positive again).
                    reactor.callFromThread(() -> drained(left == 0));
                }
            }
        });
        pacer.wrote(pending.get());
    }

    /** The writer caught up (at or below the low-water mark; {@code emptied}: down to 0). Reactor thread. */
    private void drained(boolean emptied) {
        if (disconnected) {
            return;
        }
        pacer.drained(pending.get());
        if (emptied && pending.get() == 0) {
            pacer.emptied();
        }
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    /** Closes once everything written so far has been written: the writer thread runs it last. */
    @Override
    public void loseConnection() {
        if (disconnecting || disconnected) {
            return;
        }
        disconnecting = true;
        pauseReading();
        writer.execute(() -> reactor.callFromThread(() -> lose(new ConnectionDoneException("standard I/O closed"))));
    }

    @Override
    public void abortConnection() {
        if (disconnected) {
            return;
        }
        disconnecting = true;
        reactor.callFromThread(() -> lose(new dev.deferred.net.protocol.ConnectionAbortedException("standard I/O aborted")));
    }

    /** Closes the output stream after what was written so far. */
    @Override
    public void loseWriteConnection() {
        if (writeClosed || disconnected) {
            return;
        }
        writeClosed = true;
        writer.execute(() -> {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("closing standard output failed", e);
            }
        });
    }

    private void lose(Throwable reason) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        disconnecting = true;
        pauseReading();
        writer.shutdown();
        Producer p = pacer.unregister();
        if (p != null) {
            p.stopProducing();
        }
        protocol.deliverConnectionLost(reason);
    }

    private void pauseReading() {
        synchronized (readLock) {
            readPaused = true;
        }
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        pacer.register(producer, streaming, pending.get(), disconnected);
    }

    @Override
    public void unregisterProducer() {
        pacer.unregister();
    }

    @Override
    public void pauseProducing() {
        pauseReading();
    }

    @Override
    public void resumeProducing() {
        if (disconnecting) {
            return;
        }
        synchronized (readLock) {
            readPaused = false;
            readLock.notifyAll();
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public Address getPeer() {
        return new PipeAddress();
    }

    @Override
    public Address getHost() {
        return new PipeAddress();
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting;
    }
}
