package dev.deferred.net.process;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Consumer;
import dev.deferred.net.protocol.PushProducer;

/**
 * A running child process as its {@link ProcessProtocol} sees it: Twisted's
 * {@code IProcessTransport}. Writing goes to the child's standard input; as a
 * {@link PushProducer}, pausing stops reading the child's standard output and error, so a child
 * that writes faster than the protocol consumes blocks on its full pipe instead of filling our
 * memory.
 *
 * <p>Threads: call it on the reactor thread (where the protocol's methods run).
 *
 * <pre>{@code
 * ProcessTransport p = processes.spawnProcess(protocol, List.of("/bin/cat"), null, null);
 * p.write("hello\n".getBytes());
 * p.closeStdin();
 * p.whenEnded().addCallback(ignored -> { System.out.println("cat exited 0"); return null; });
 * }</pre>
 */
public interface ProcessTransport extends Consumer, PushProducer {

    /**
     * Sends bytes to the child's standard input; they are copied and written by a background
     * thread, never blocking the caller.
     *
     * @param data the bytes
     * @throws NullPointerException if {@code data} is null
     * @throws IllegalStateException if standard input is closed (by {@link #closeStdin()}, or
     *     because the child closed it or exited)
     */
    @Override
    void write(byte[] data);

    /**
     * Twisted's {@code writeToChild}: writes to the child's descriptor {@code childFD}; only 0
     * (standard input) is a pipe the JDK gives us.
     *
     * @param childFD 0
     * @param data the bytes
     * @throws IllegalArgumentException if {@code childFD} is not 0
     * @throws IllegalStateException as {@link #write(byte[])}
     */
    void writeToChild(int childFD, byte[] data);

    /**
     * Closes the child's standard input once everything written has been sent; the child reads end
     * of input. {@link ProcessProtocol#inConnectionLost()} follows. A second call does nothing.
     */
    void closeStdin();

    /**
     * Closes our end of the child's standard output: nothing more is delivered from it, and a
     * child that keeps writing gets a broken pipe. {@link ProcessProtocol#outConnectionLost()}
     * follows.
     */
    void closeStdout();

    /** Closes our end of the child's standard error; see {@link #closeStdout()}. */
    void closeStderr();

    /**
     * Closes the child's pipes: standard input (after what was written), output and error.
     * Does not kill the child.
     */
    void loseConnection();

    /**
     * Sends a signal to the child: {@code "TERM"}, {@code "KILL"}, {@code "INT"}, {@code "HUP"},
     * {@code "QUIT"}, {@code "USR1"}, {@code "USR2"}, {@code "STOP"}, {@code "CONT"} (with or
     * without a {@code SIG} prefix). {@code TERM} and {@code KILL} go through the JDK; the others
     * through {@code kill(1)}.
     *
     * @param signal the signal name
     * @throws ProcessExitedAlreadyException if the child has already exited
     * @throws IllegalArgumentException if the signal name is not one of the above
     */
    void signalProcess(String signal);

    /**
     * The child's process id.
     *
     * @return the pid
     */
    long pid();

    /**
     * A Deferred that fires with null after {@link ProcessProtocol#processEnded} when the child
     * exited with code 0, or fails with the {@link ProcessTerminatedException} it got. Each call
     * returns a new Deferred.
     *
     * @return the end of the process
     */
    Deferred<Void> whenEnded();

    /**
     * Bytes read from the child's standard output and error and not yet handed to the protocol:
     * what reading costs in memory. It stays below two chunks of 64 KiB (one per stream) however
     * long the protocol stays paused.
     *
     * @return the buffered byte count
     */
    long getReadBufferedBytes();

    /**
     * Bytes written but not yet taken by the child's standard input.
     *
     * @return the buffered byte count
     */
    long getWriteBufferedBytes();

    /**
     * Stops delivering the child's output until {@link #resumeProducing()}; the reading threads
     * stop reading, and the child blocks once its pipes are full.
     */
    @Override
    void pauseProducing();

    /** Delivers and reads the child's output again. */
    @Override
    void resumeProducing();

    /** The same as {@link #loseConnection()}. */
    @Override
    void stopProducing();
}
