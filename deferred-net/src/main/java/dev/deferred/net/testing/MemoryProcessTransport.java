package dev.deferred.net.testing;

import dev.deferred.Deferred;
import dev.deferred.net.process.ProcessDoneException;
import dev.deferred.net.process.ProcessExitedAlreadyException;
import dev.deferred.net.process.ProcessProtocol;
import dev.deferred.net.process.ProcessTerminatedException;
import dev.deferred.net.process.ProcessTransport;
import dev.deferred.net.protocol.Producer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A child process that exists only in memory; {@link MemoryReactor} hands one to each protocol
 * given to {@code spawnProcess}. It records what the protocol writes and the signals it sends; the
 * test plays the child by calling the protocol's {@code outReceived}/{@code errReceived} and ends
 * it with {@link #exit(int)} or {@link #kill(int)}. Not thread-safe.
 *
 * <pre>{@code
 * MemoryProcessTransport child = reactor.getProcesses().get(0).transport();
 * protocol.outReceived("hello\n".getBytes());
 * child.exit(0);   // processExited, then processEnded, with a ProcessDoneException
 * }</pre>
 */
public final class MemoryProcessTransport implements ProcessTransport {
    private final ProcessProtocol protocol;
    private final long pid;
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    private final List<String> signals = new ArrayList<>();
    private final List<Deferred<Void>> waiters = new ArrayList<>();
    private boolean stdinClosed;
    private boolean paused;
    private Throwable endReason;
    private Producer producer;

    MemoryProcessTransport(ProcessProtocol protocol, long pid) {
        this.protocol = protocol;
        this.pid = pid;
    }

    /**
     * Everything written to the child's standard input.
     *
     * @return a copy of the bytes
     */
    public byte[] getStdin() {
        return stdin.toByteArray();
    }

    /**
     * Whether {@code closeStdin} or {@code loseConnection} was called.
     *
     * @return true once closed
     */
    public boolean isStdinClosed() {
        return stdinClosed;
    }

    /**
     * The signals sent, oldest first, as given.
     *
     * @return an unmodifiable view
     */
    public List<String> getSignals() {
        return Collections.unmodifiableList(signals);
    }

    /**
     * Whether the protocol paused reading.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Ends the child with {@code code}: closes its pipes (the protocol hears
     * {@code inConnectionLost}, {@code outConnectionLost}, {@code errConnectionLost}), then
     * {@code processExited} and {@code processEnded}.
     *
     * @param code the exit code
     * @throws IllegalStateException if the child already ended
     */
    public void exit(int code) {
        end(code == 0 ? new ProcessDoneException(pid) : new ProcessTerminatedException(pid, code, null));
    }

    /**
     * Ends the child as killed by {@code signal}; see {@link #exit(int)}.
     *
     * @param signal the signal number
     * @throws IllegalStateException if the child already ended
     */
    public void kill(int signal) {
        end(new ProcessTerminatedException(pid, null, signal));
    }

    private void end(Throwable reason) {
        if (endReason != null) {
            throw new IllegalStateException("process " + pid + " already ended: " + endReason.getMessage());
        }
        endReason = reason;
        stdinClosed = true;
        for (int fd = 0; fd < 3; fd++) {
            protocol.childConnectionLost(fd);
        }
        protocol.processExited(reason);
        protocol.processEnded(reason);
        for (Deferred<Void> d : waiters) {
            fire(d);
        }
        waiters.clear();
    }

    private void fire(Deferred<Void> d) {
        if (endReason instanceof ProcessDoneException) {
            d.callback(null);
        } else {
            d.errback(endReason);
        }
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (stdinClosed) {
            throw new IllegalStateException("cannot write to the standard input of process " + pid + ": it is closed");
        }
        stdin.writeBytes(data);
    }

    @Override
    public void writeToChild(int childFD, byte[] data) {
        if (childFD != 0) {
            throw new IllegalArgumentException("writeToChild: only descriptor 0 is writable, got " + childFD);
        }
        write(data);
    }

    @Override
    public void closeStdin() {
        stdinClosed = true;
    }

    @Override
    public void closeStdout() {
    }

    @Override
    public void closeStderr() {
    }

    @Override
    public void loseConnection() {
        closeStdin();
    }

    @Override
    public void signalProcess(String signal) {
        Objects.requireNonNull(signal, "signal");
        if (endReason != null) {
            throw new ProcessExitedAlreadyException("cannot send " + signal + " to process " + pid
                    + ": it has already exited");
        }
        signals.add(signal);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Deferred<Void> whenEnded() {
        Deferred<Void> d = new Deferred<>();
        if (endReason != null) {
            fire(d);
        } else {
            waiters.add(d);
        }
        return d;
    }

    @Override
    public long getReadBufferedBytes() {
        return 0;
    }

    @Override
    public long getWriteBufferedBytes() {
        return 0;
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        dev.deferred.net.protocol.Consumer.checkRegistration(this.producer, producer, streaming);
        this.producer = producer;
        if (!streaming) {
            producer.resumeProducing();
        }
    }

    @Override
    public void unregisterProducer() {
        producer = null;
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public String toString() {
        return "MemoryProcessTransport[pid=" + pid + (endReason != null ? ", ended" : "") + "]";
    }
}
