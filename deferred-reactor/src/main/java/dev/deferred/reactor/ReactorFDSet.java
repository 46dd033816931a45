package dev.deferred.reactor;

import java.nio.channels.SelectableChannel;
import java.util.Set;

/**
 * Watching channels for readiness: Twisted's {@code IReactorFDSet}, over Java NIO. This is what
 * transports are built on: register a handler, and the reactor calls it on its thread each time
 * the channel is ready, for as long as the handler stays registered (level-triggered).
 *
 * <pre>{@code
 * channel.configureBlocking(false);
 * reactor.addReader(channel, ch -> {
 *     int n = ((SocketChannel) ch).read(buffer);
 *     if (n < 0) { reactor.removeAll(ch); ch.close(); }
 * });
 * }</pre>
 *
 * <p>"Read" readiness means {@code OP_ACCEPT} for a channel that accepts connections (a
 * {@code ServerSocketChannel}) and {@code OP_READ} otherwise. "Write" readiness means
 * {@code OP_CONNECT} while a {@code SocketChannel}'s connection is pending (the handler then
 * calls {@code finishConnect()}) and {@code OP_WRITE} otherwise.
 *
 * <p>Every method may be called from any thread; from another thread the change is made on the
 * reactor thread on its next turn. Channels must be non-blocking. Adding a reader or writer to a
 * channel that already has one replaces the handler.
 */
public interface ReactorFDSet {

    /**
     * Calls {@code handler} whenever {@code channel} is readable (or acceptable).
     *
     * @param channel a non-blocking channel
     * @param handler called on the reactor thread
     * @throws IllegalArgumentException if the channel is closed or in blocking mode
     */
    void addReader(SelectableChannel channel, ReadyHandler handler);

    /**
     * Calls {@code handler} whenever {@code channel} is writable (or its connection is ready to be
     * finished).
     *
     * @param channel a non-blocking channel
     * @param handler called on the reactor thread
     * @throws IllegalArgumentException if the channel is closed or in blocking mode
     */
    void addWriter(SelectableChannel channel, ReadyHandler handler);

    /**
     * Stops watching {@code channel} for reading. Does nothing if it was not watched.
     *
     * @param channel the channel
     */
    void removeReader(SelectableChannel channel);

    /**
     * Stops watching {@code channel} for writing. Does nothing if it was not watched.
     *
     * @param channel the channel
     */
    void removeWriter(SelectableChannel channel);

    /**
     * Stops watching {@code channel} entirely.
     *
     * @param channel the channel
     */
    void removeAll(SelectableChannel channel);

    /**
     * The channels watched for reading, as of the reactor thread's last change. Call it on the
     * reactor thread for an exact answer.
     *
     * @return a snapshot
     */
    Set<SelectableChannel> getReaders();

    /**
     * The channels watched for writing; see {@link #getReaders()}.
     *
     * @return a snapshot
     */
    Set<SelectableChannel> getWriters();
}
