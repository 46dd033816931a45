package dev.deferred.net.endpoint;

import dev.deferred.Deferred;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.ListeningPort;
import dev.deferred.net.unix.ReactorUNIX;
import java.util.Objects;

/**
 * A server endpoint on a UNIX-domain socket file (Twisted's {@code UNIXServerEndpoint}).
 *
 * <pre>{@code
 * new UNIXServerEndpoint(unix, "/tmp/echo.sock")
 *         .listen(Factory.forProtocol(Echo::new));
 * }</pre>
 */
public final class UNIXServerEndpoint implements ServerEndpoint {
    private final ReactorUNIX reactor;
    private final String path;
    private final int backlog;
    private final int mode;
    private final boolean wantPID;

    /**
     * Listens on {@code path} with backlog 50, mode {@code 0666} and no lock file (the defaults of
     * Twisted's {@code UNIXServerEndpoint}).
     *
     * @param reactor the reactor to listen with
     * @param path the socket file
     */
    public UNIXServerEndpoint(ReactorUNIX reactor, String path) {
        this(reactor, path, 50, 0666, false);
    }

    /**
     * Listens on {@code path}; see {@link ReactorUNIX#listenUNIX(String, Factory, int, int, boolean)}.
     *
     * @param reactor the reactor to listen with
     * @param path the socket file
     * @param backlog the accept queue length, at least 1
     * @param mode the file's permission bits, e.g. {@code 0660}
     * @param wantPID whether to use the lock file {@code path + ".lock"}
     * @throws IllegalArgumentException if {@code backlog} is below 1
     */
    public UNIXServerEndpoint(ReactorUNIX reactor, String path, int backlog, int mode, boolean wantPID) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.path = Objects.requireNonNull(path, "path");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        this.backlog = backlog;
        this.mode = mode;
        this.wantPID = wantPID;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Listens at once (call it on the reactor thread or before the reactor runs); the Deferred
     * is already fired when returned.
     */
    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        return Deferred.execute(() -> reactor.listenUNIX(path, factory, backlog, mode, wantPID));
    }

    @Override
    public String toString() {
        return "UNIXServerEndpoint[" + path + ", mode=" + Integer.toOctalString(mode) + (wantPID ? ", lockfile" : "")
                + "]";
    }
}
