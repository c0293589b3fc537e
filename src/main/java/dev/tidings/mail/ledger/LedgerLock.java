package dev.tidings.mail.ledger;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import dev.tidings.mail.LedgerException;
import dev.tidings.mail.LedgerStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Makes sure only one {@code send} works on an issue of a ledger at a time. An OS file lock, not a
 * flag in the database: the kernel releases it when the process dies, even by kill -9, so a crash
 * never leaves a stale lock that blocks the next cron run. The lock file sits beside the ledger's
 * real path. (Not on the ledger file itself: SQLite holds POSIX locks there, and closing any other
 * descriptor of the file in this process would release them.)
 *
 * <p>The lock file is removed when the send ends (issue 18: an empty {@code .lock} per issue piled
 * up beside the ledger). Removing a lock file is the classic race: a run that opened the file
 * before its holder removed it locks the removed file once the holder lets go, while a third run
 * creates a new file at the path and locks that one, and both send. So the file is removed only
 * while its lock is held, and a run that takes a lock keeps it only if the path names the same
 * file (device and inode, {@code fileKey()}) just before it opened it and just after it locked it;
 * otherwise it lets go and tries again. A lock on a removed file fails that check: while we hold
 * the removed file open, no other file can have its inode. (Java cannot read the inode off a
 * descriptor, so the check cannot be a plain fstat/stat comparison; nor can it read the file back
 * through the path, which would open and close another descriptor of it and so drop the POSIX lock,
 * as with SQLite above.) A run killed by SIGKILL leaves its file behind; the next run takes it over
 * and removes it.
 */
public final class LedgerLock implements LedgerStore.Lock {
    /** Runs that may end between our open and our lock before we give up: each is a whole send, so a few suffice. */
    private static final int ATTEMPTS = 20;
    private final Path file;
    private final Object fileKey;
    private final FileChannel channel;
    private final FileLock lock;

    private LedgerLock(Path file, Object fileKey, FileChannel channel, FileLock lock) {
        this.file = file;
        this.fileKey = fileKey;
        this.channel = channel;
        this.lock = lock;
    }

    public static LedgerLock acquire(Path ledger, String issueId) {
        try {
            Path real = realPath(ledger);
            Path file = real.resolveSibling(real.getFileName() + "." + issueId + ".lock");
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Object before = fileKey(file);
                Taken taken = take(file, before, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
                if (taken.lock() != null) {
                    return taken.lock();
                }
                if (taken.busy()) {
                    throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, "another tidings send of issue " + issueId
                            + " is running on " + ledger + " (lock " + file + "); this one stops without sending."
                            + " Run it again when the other has finished");
                }
            }
            throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, "the lock " + file + " of issue " + issueId + " changed "
                    + ATTEMPTS + " times while this send tried to take it: other sends keep starting and ending on " + ledger
                    + ". Run it again when they have finished");
        } catch (java.nio.file.FileSystemException e) {
            // Typically a path through a regular file (--ledger FILE/ledger.db): the input is wrong, not the moment.
            throw dev.tidings.TidingsException.invalidInput(ledger + ": cannot create the ledger's directory or lock file"
                    + " (" + dev.tidings.TidingsException.reason(e) + "); choose another --ledger");
        } catch (IOException e) {
            throw new LedgerException(ledger + ": cannot create the ledger's lock file: " + e.getMessage(), e);
        }
    }

    /** What came of one try: the lock, or another run holds it (busy), or neither (the file was replaced: try again). */
    record Taken(LedgerLock lock, boolean busy) {
    }

    /**
     * Locks {@code channel}, opened on {@code file} when the path named the file {@code keyAtOpen}
     * (null: no file yet), and keeps the lock only if the path still names that file; closes the
     * channel otherwise.
     */
    static Taken take(Path file, Object keyAtOpen, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return new Taken(null, true);
        }
        if (keyAtOpen != null && keyAtOpen.equals(fileKey(file))) {
            return new Taken(new LedgerLock(file, keyAtOpen, channel, lock), false);
        }
        channel.close(); // releases the lock on a file its holder removed, or one made after our look
        return new Taken(null, false);
    }

    /** The device and inode the path names now, without opening it (an open and close would drop our POSIX lock); null if none. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The ledger's real path, symbolic links resolved (of the file when it exists, else of its
     * directory): the lock must be the same file however the ledger is named, or a send through a
     * link and one through the real path would both take "the" lock and both send.
     */
    private static Path realPath(Path ledger) throws IOException {
        Path absolute = ledger.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(absolute) && !Files.exists(absolute) && hops < 40; hops++) {
            absolute = absolute.resolveSibling(Files.readSymbolicLink(absolute)).normalize(); // a link to a ledger not yet made
        }
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        Path parent = Files.createDirectories(absolute.getParent());
        return parent.toRealPath().resolve(absolute.getFileName());
    }

    /** Removes the file while still holding its lock (see the class comment), then lets go. */
    @Override
    public void close() {
        try {
            if (fileKey.equals(fileKey(file))) {
                Files.delete(file);
            }
        } catch (IOException ignored) {
            // left behind, as before issue 18: the next run takes it over
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
