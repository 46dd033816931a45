package dev.deferred.net.process;

import dev.deferred.reactor.Reactor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes to a child's standard input on its own thread, in order; closes it after a
 * {@link #close()} and everything queued before it. Tells the reactor thread when the buffer has
 * drained below the low-water mark (if a producer waits for that) and when the pipe has closed.
 */
final class StdinWriter implements Runnable {
    private static final byte[] CLOSE = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /** Bytes queued and not yet written: added by the reactor thread, taken off by the writer. */
    final AtomicLong buffered = new AtomicLong();
    /**
     * The reactor thread waits for the buffer to drop to {@link #lowWater}. Paired with
     * {@link #buffered} (both sequentially consistent): the writer checks the flag after lowering
     * the count, the reactor thread checks the count after raising the flag, so one of them sees
     * the drain.
     */
    volatile boolean wantProgress;
    private final int lowWater;
    private final OutputStream out;
    private final ChildProcess child;
    private final Reactor reactor;

    StdinWriter(OutputStream out, ChildProcess child, Reactor reactor, int lowWater) {
        this.out = out;
        this.child = child;
        this.reactor = reactor;
        this.lowWater = lowWater;
    }

    void enqueue(byte[] copy) {
        buffered.addAndGet(copy.length);
        queue.add(copy);
    }

    void close() {
        queue.add(CLOSE);
    }

    @Override
    public void run() {
        IOException failure = null;
        try {
            for (byte[] b; (b = queue.take()) != CLOSE; ) {
                out.write(b);
                out.flush();
                long left = buffered.addAndGet(-b.length);
                if (left <= lowWater && wantProgress) {
                    wantProgress = false;
                    reactor.callFromThread(child::writeProgress);
                }
            }
        } catch (IOException e) {
            failure = e; // typically a broken pipe: the child closed its input or exited
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.clear();
            try {
                out.close();
            } catch (IOException ignored) {
                // a broken pipe again; already reported
            }
            IOException f = failure;
            reactor.callFromThread(() -> child.stdinEnded(f));
        }
    }
}
