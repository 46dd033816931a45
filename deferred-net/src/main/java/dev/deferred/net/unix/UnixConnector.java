package dev.deferred.net.unix;

import dev.deferred.net.internal.StreamConnector;
import dev.deferred.net.internal.StreamEnds;
import dev.deferred.net.protocol.ClientFactory;
import dev.deferred.net.protocol.ConnectFailedException;
import dev.deferred.net.protocol.ConnectionRefusedException;
import dev.deferred.net.protocol.UNIXAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An outgoing UNIX-domain connection and its attempts (Twisted's {@code unix.Connector}): the
 * stream-connector engine, with what is UNIX's: no name to resolve (an attempt opens its socket on
 * the turn after {@code connect}), the optional check of the server's lock file, and the socket
 * path as the peer's address.
 */
final class UnixConnector extends StreamConnector<UNIXAddress> {
    private final UnixReactor unix;
    private final String path;
    private final boolean checkPID;

    UnixConnector(UnixReactor unix, String path, ClientFactory factory, Duration timeout, boolean checkPID) {
        // The peer is the socket file; the client's own end has no name (Twisted: UNIXAddress(None)).
        super(unix.tcp, factory, timeout, StreamEnds.fixed(new UNIXAddress(null), new UNIXAddress(path)));
        this.unix = unix;
        this.path = path;
        this.checkPID = checkPID;
    }

    @Override
    protected String where() {
        return "UNIX socket " + path;
    }

    @Override
    protected void begin(Attempt a) {
        if (checkPID && !FilesystemLock.isLocked(Path.of(path + ".lock"))) {
            // Twisted's BadFileError: the server's lock names no live process.
            a.fail(new ConnectFailedException("no live server holds the lock file " + path
                    + ".lock of UNIX socket " + path + " (checkPID / lockfile=1)"));
            return;
        }
        a.connect(UnixDomainSocketAddress.of(path));
    }

    @Override
    public UNIXAddress getDestination() {
        return new UNIXAddress(path);
    }

    @Override
    protected ConnectFailedException translate(IOException e) {
        if (e instanceof ConnectException) {
            return new ConnectionRefusedException("connection to UNIX socket " + path
                    + " refused: nothing listens on it (a stale socket file?): " + e.getMessage(), e);
        }
        if (!Files.exists(Path.of(path))) {
            return new ConnectFailedException("cannot connect to UNIX socket " + path
                    + ": no such file (is the server running?): " + e.getMessage(), e);
        }
        return new ConnectFailedException("connecting to UNIX socket " + path + " failed: " + e.getMessage(), e);
    }

    @Override
    protected void track(boolean on) {
        unix.attempting(this, on);
    }

    @Override
    protected void checkThread(String what) {
        unix.checkThread(what);
    }
}
