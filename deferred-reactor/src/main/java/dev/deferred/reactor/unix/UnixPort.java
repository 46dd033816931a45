package dev.deferred.reactor.unix;

import dev.deferred.ErrorLog;
import dev.deferred.Deferred;
import dev.deferred.reactor.protocol.CannotListenException;
import dev.deferred.reactor.protocol.Factory;
import dev.deferred.reactor.protocol.ListeningPort;
import dev.deferred.reactor.protocol.Protocol;
import dev.deferred.reactor.protocol.UNIXAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * A listening UNIX-domain socket (Twisted's {@code unix.Port}): accepts connections, hands each
 * to the TCP layer's transport, and removes its socket file (and lock) when it stops.
 */
final class UnixPort implements ListeningPort {
    private static final Logger log = ErrorLog.logger(UnixPort.class);
    /** Accept at most this many connections per readiness, so one busy port cannot starve the loop. */
    private static final int ACCEPT_BATCH = 64;

    private final UnixReactor unix;
    private final Factory factory;
    private final String path;
    private final int backlog;
    private final int mode;
    private final boolean wantPID;
    private final UNIXAddress host;
    // Reactor thread only (or the thread that listens before the reactor runs).
    private ServerSocketChannel server;
    private FilesystemLock lock;
    private boolean closed;

    UnixPort(UnixReactor unix, Factory factory, String path, int backlog, int mode, boolean wantPID) {
        this.unix = unix;
        this.factory = factory;
        this.path = path;
        this.backlog = backlog;
        this.mode = mode;
        this.wantPID = wantPID;
        this.host = new UNIXAddress(path);
    }

    void startListening() throws CannotListenException {
        Path file = Path.of(path);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new CannotListenException("cannot listen on UNIX socket " + path + ": directory " + dir
                    + " does not exist");
        }
        if (wantPID) {
            lock = new FilesystemLock(Path.of(path + ".lock"));
            boolean locked;
            try {
                locked = lock.lock();
            } catch (IOException e) {
                throw new CannotListenException("cannot listen on UNIX socket " + path + ": " + e.getMessage(), e);
            }
            if (!locked) {
                lock = null;
                throw new CannotListenException("cannot listen on UNIX socket " + path + ": its lock file " + path
                        + ".lock is held by a live process (another server listens there)");
            }
            if (!lock.clean) {
                removeStaleSocket(file);
            }
        }
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(file), backlog);
            try {
                Files.setPosixFilePermissions(file, permissions(mode));
            } catch (IOException | UnsupportedOperationException e) {
                deleteFile();
                throw new IOException("cannot set its mode to " + Integer.toOctalString(mode) + ": " + e, e);
            }
            ch.configureBlocking(false);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing; the bind error is what matters
                }
            }
            unlock();
            String hint = Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? " (a file is already there: another server, or one that died without removing it; remove it,"
                    + " or listen with the lock file, wantPID / lockfile=1)"
                    : "";
            throw new CannotListenException("cannot listen on UNIX socket " + path + ": " + e.getMessage() + hint, e);
        }
        server = ch;
        factory.doStart();
        unix.opened(this);
        unix.fds.addReader(server, c -> doAccept());
    }

    /** Twisted's best effort: a stale lock means the file left behind is a dead server's socket. */
    private static void removeStaleSocket(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isOther()) { // a socket (never a regular file, directory or link)
                Files.delete(file);
            }
        } catch (IOException ignored) {
            // nothing there, or not ours to remove: bind reports what is wrong
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                s.add(order[bit]);
            }
        }
        return s;
    }

    private void doAccept() {
        for (int i = 0; i < ACCEPT_BATCH && !closed; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // e.g. too many open files: keep listening, the next turn may succeed
                log.warn("accept on {} failed: {}", host, e.toString());
                return;
            }
            if (ch == null) {
                return;
            }
            accepted(ch);
        }
    }

    private void accepted(SocketChannel ch) {
        // The client's end has no name (Twisted: UNIXAddress(None)); ours is the socket file.
        UNIXAddress peer = new UNIXAddress(null);
        Protocol protocol;
        try {
            ch.configureBlocking(false);
            protocol = factory.buildProtocol(peer);
        } catch (IOException e) {
            log.debug("accepted connection vanished before setup", e);
            close(ch);
            return;
        } catch (RuntimeException e) {
            log.error("buildProtocol of {} threw for a connection to {}; connection closed", factory, host, e);
            close(ch);
            return;
        }
        if (protocol == null) {
            close(ch); // the factory refused it
            return;
        }
        unix.tcp.adoptStreamConnection(ch, protocol, host, peer, null);
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("closing refused connection failed", e);
        }
    }

    @Override
    public UNIXAddress getHost() {
        return host;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Removes the socket file and the lock file. Call it on the reactor thread (or after the
     * reactor stopped); the Deferred fires before it returns.
     */
    @Override
    public Deferred<Void> stopListening() {
        unix.checkThread("stopListening");
        if (closed) {
            return Deferred.succeed(null);
        }
        closed = true;
        unix.closed(this);
        unix.fds.removeAll(server);
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing {} failed", host, e);
        }
        deleteFile();
        unlock();
        try {
            factory.doStop();
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return Deferred.succeed(null);
    }

    private void deleteFile() {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            log.warn("cannot remove socket file {}: {}", path, e.toString());
        }
    }

    private void unlock() {
        if (lock != null) {
            lock.unlock();
            lock = null;
        }
    }

    @Override
    public String toString() {
        return "UnixPort[" + path + (closed ? ", closed" : "") + "]";
    }
}
