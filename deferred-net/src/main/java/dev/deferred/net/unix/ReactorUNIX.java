package dev.deferred.net.unix;

import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.Connector;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import java.time.Duration;

/**
 * A reactor that can listen and connect on UNIX-domain stream sockets: Twisted's
 * {@code IReactorUNIX}. Implemented by {@link UnixReactor} and by
 * {@code dev.deferred.net.testing.MemoryReactor} (records the calls). The protocols get the
 * same {@link dev.deferred.net.protocol.Transport} as over TCP; their addresses are
 * {@link dev.deferred.net.protocol.UNIXAddress}es.
 *
 * <p>Call these methods on the reactor thread, or before the reactor runs.
 */
public interface ReactorUNIX {

    /** The longest socket path Linux accepts, in bytes (its {@code sun_path} holds 108 with the NUL). */
    int MAX_PATH_BYTES = 107;

    /**
     * Listens on the socket file {@code path} with backlog 50, mode {@code 0666} and no lock file.
     *
     * <pre>{@code
     * ListeningPort port = unix.listenUNIX("/tmp/echo.sock", Factory.forProtocol(Echo::new));
     * }</pre>
     *
     * @param path the socket file to create
     * @param factory builds a protocol per connection
     * @return the open port
     * @throws CannotListenException as {@link #listenUNIX(String, Factory, int, int, boolean)}
     */
    default ListeningPort listenUNIX(String path, Factory factory) throws CannotListenException {
        return listenUNIX(path, factory, 50, 0666, false);
    }

    /**
     * Creates the socket file {@code path} and listens on it; the file is removed when the port
     * stops listening. With {@code wantPID} (Twisted's lock file), a symbolic link
     * {@code path + ".lock"} names this process while it listens: a second server is refused while
     * the first is alive, and a server that finds the lock of a dead process (it crashed and left
     * its socket file behind) removes that stale socket file and takes over. Without it, an
     * existing file at {@code path} makes the listen fail.
     *
     * @param path the socket file to create, at most {@link #MAX_PATH_BYTES} bytes
     * @param factory builds a protocol per connection
     * @param backlog the accept queue length, at least 1
     * @param mode the file's permission bits, e.g. {@code 0660}
     * @param wantPID whether to use the lock file
     * @return the open port
     * @throws CannotListenException if the file exists, its directory does not, or the lock is held
     *     by a live process
     * @throws IllegalArgumentException if the path is empty or too long, or {@code backlog} or
     *     {@code mode} is out of range
     */
    ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID)
            throws CannotListenException;

    /**
     * Connects to the socket file {@code path} with a 30-second timeout and no lock check.
     *
     * @param path the socket file
     * @param factory the client factory
     * @return the connector
     */
    default Connector connectUNIX(String path, ClientFactory factory) {
        return connectUNIX(path, factory, Duration.ofSeconds(30), false);
    }

    /**
     * Starts connecting to the socket file {@code path}, as {@code connectTCP} does to a host: the
     * factory's {@code startedConnecting} runs now, the attempt on the next turn; on failure
     * {@code clientConnectionFailed} gets a {@code ConnectionRefusedException} (a file nobody
     * listens on) or a {@code ConnectFailedException} (no such file).
     *
     * <pre>{@code
     * unix.connectUNIX("/tmp/echo.sock", new ClientFactory(Greeter::new), Duration.ofSeconds(5), false);
     * }</pre>
     *
     * @param path the socket file, at most {@link #MAX_PATH_BYTES} bytes
     * @param factory the client factory
     * @param timeout how long the attempt may take
     * @param checkPID fail at once unless a live process holds the server's lock file
     *     ({@code path + ".lock"})
     * @return the connector
     * @throws IllegalArgumentException if the path is empty or too long, or {@code timeout} is not
     *     positive
     */
    Connector connectUNIX(String path, ClientFactory factory, Duration timeout, boolean checkPID);
}
