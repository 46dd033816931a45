package dev.deferred.net.unix;

import dev.deferred.net.internal.StreamEnds;
import dev.deferred.net.internal.StreamPort;
import dev.deferred.net.protocol.CannotListenException;
import dev.deferred.net.protocol.Factory;
import dev.deferred.net.protocol.UNIXAddress;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A listening UNIX-domain socket (Twisted's {@code unix.Port}): the stream-port engine (batched
 * accepts, back-off while accepting fails, the TCP layer's transport) bound to a socket file, with
 * what is UNIX's: the lock file, the file's mode, and removing the file (and lock) when it stops.
 */
final class UnixPort extends StreamPort<UNIXAddress> {
    private final UnixReactor unix;
    private final String path;
    private final int backlog;
    private final int mode;
    private final boolean wantPID;
    // Reactor thread only (or the thread that listens before the reactor runs).
    private FilesystemLock lock;

    UnixPort(UnixReactor unix, Factory factory, String path, int backlog, int mode, boolean wantPID) {
        // Ours is the socket file; the client's end has no name (Twisted: UNIXAddress(None)).
        super(unix.tcp, factory, StreamEnds.fixed(new UNIXAddress(path), new UNIXAddress(null)));
        this.unix = unix;
        this.path = path;
        this.backlog = backlog;
        this.mode = mode;
        this.wantPID = wantPID;
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
        startListening(UnixDomainSocketAddress.of(file), backlog);
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

    @Override
    protected void bound(ServerSocketChannel ch) throws IOException {
        try {
            Files.setPosixFilePermissions(Path.of(path), permissions(mode));
        } catch (IOException | UnsupportedOperationException e) {
            deleteFile();
            throw new IOException("cannot set its mode to " + Integer.toOctalString(mode) + ": " + e, e);
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

    @Override
    protected UNIXAddress hostOf(ServerSocketChannel ch) {
        return new UNIXAddress(path);
    }

    @Override
    protected CannotListenException cannotListen(IOException e) {
        unlock();
        String hint = Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)
                ? " (a file is already there: another server, or one that died without removing it; remove it,"
                + " or listen with the lock file, wantPID / lockfile=1)"
                : "";
        return new CannotListenException("cannot listen on UNIX socket " + path + ": " + e.getMessage() + hint, e);
    }

    @Override
    protected void track(boolean open) {
        if (open) {
            unix.opened(this);
        } else {
            unix.closed(this);
        }
    }

    @Override
    protected void checkThread(String what) {
        unix.checkThread(what);
    }

    /** Removes the socket file and the lock file. */
    @Override
    protected void stopped() {
        deleteFile();
        unlock();
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
        return "UnixPort[" + path + (isClosed() ? ", closed" : "") + "]";
    }
}
