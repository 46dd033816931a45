package dev.deferred.net.process;

import dev.deferred.reactor.Reactor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Reads one of a child's output pipes on its own thread and hands each chunk to the reactor
 * thread. Back-pressure: the thread reads a chunk only with a credit, and there is one credit;
 * {@link ChildProcess} gives it back once the protocol has taken the chunk and is not paused. So at
 * most one chunk is in flight per pipe, and a paused protocol leaves the thread waiting, the pipe
 * full and the child blocked in its write.
 */
final class PipeReader implements Runnable {
    static final int CHUNK = 64 * 1024;

    /** The child's descriptor: 1 or 2. */
    final int fd;
    private final InputStream in;
    private final ChildProcess child;
    private final Reactor reactor;
    /** One permit: the reader may read one more chunk. Released by the reactor thread. */
    final Semaphore credit = new Semaphore(1);
    /**
     * Nothing more is wanted from this pipe (closed by the protocol, or the reactor shut down): read
     * and drop until the end, so the child never blocks on it. Set by the reactor thread.
     */
    volatile boolean discarding;

    // Reactor thread only.
    /** A chunk that arrived while the protocol was paused. */
    byte[] pending;
    /** The protocol took a chunk while paused: the credit is given back on resume. */
    boolean creditOwed;
    /** The protocol was told this pipe is closed. */
    boolean reported;
    /** The thread has ended (end of input reached). */
    boolean ended;

    PipeReader(int fd, InputStream in, ChildProcess child, Reactor reactor) {
        this.fd = fd;
        this.in = in;
        this.child = child;
        this.reactor = reactor;
    }

    @Override
    public void run() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                if (!discarding) {
                    credit.acquire();
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (discarding || n == 0) {
                    continue;
                }
                byte[] chunk = Arrays.copyOf(buf, n);
                child.readBuffered.addAndGet(n);
                reactor.callFromThread(() -> child.arrived(this, chunk));
            }
        } catch (IOException e) {
            // The stream broke: the same as its end for the protocol.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
            reactor.callFromThread(() -> child.readerEnded(this));
        }
    }
}
