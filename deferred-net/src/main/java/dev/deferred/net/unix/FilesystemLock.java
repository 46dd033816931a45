package dev.deferred.net.unix;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A lock held as a symbolic link naming the holder's process id (the same scheme as Twisted's
 * {@code FilesystemLock}, so a Twisted server and ours see each other's locks): creating a link is
 * atomic and fails if it exists. A link naming a process that is no longer alive is stale and
 * taken over; {@link #clean} then says the previous holder did not unlock.
 */
final class FilesystemLock {
    private final Path name;
    /** After {@link #lock()}: false if a stale lock of a dead process was taken over. */
    boolean clean = true;

    FilesystemLock(Path name) {
        this.name = name;
    }

    /** Takes the lock; false if a live process holds it (this one included). */
    boolean lock() throws IOException {
        String me = Long.toString(ProcessHandle.current().pid());
        clean = true;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Files.createSymbolicLink(name, Path.of(me));
                return true;
            } catch (FileAlreadyExistsException e) {
                Long holder = holder(name);
                if (holder == null) {
                    continue; // unlocked meanwhile
                }
                if (alive(holder)) {
                    return false;
                }
                try {
                    Files.delete(name);
                } catch (NoSuchFileException gone) {
                    // someone else removed it first; try again
                }
                clean = false;
            }
        }
        throw new IOException("lock file " + name + " keeps changing; another process is racing for it");
    }

    void unlock() {
        try {
            Files.deleteIfExists(name);
        } catch (IOException ignored) {
            // best effort: a stale lock is taken over by the next server anyway
        }
    }

    /** Whether a live process holds the lock at {@code name}. */
    static boolean isLocked(Path name) {
        try {
            Long holder = holder(name);
            return holder != null && alive(holder);
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid the lock names, or null if there is no lock. */
    private static Long holder(Path name) throws IOException {
        String target;
        try {
            target = Files.readSymbolicLink(name).toString();
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return Long.parseLong(target);
        } catch (NumberFormatException e) {
            throw new IOException("lock file " + name + " is not a lock (it points to \"" + target + "\")");
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
