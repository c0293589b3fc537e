package dev.tidings;

import java.io.Closeable;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An OS lock on a small file of its own, removed when let go, so that none is left behind (issue 18)
 * and a process killed with -9 never blocks the next one (the kernel drops its lock).
 *
 * <p>Removing a lock file is the classic race: a process that opened the file before its holder
 * removed it locks the removed file once the holder lets go, while a third creates a new file at
 * the path and locks that one, and both go ahead. So the file is removed only while its lock is
 * held, and a lock is kept only if the path names the same file (device and inode,
 * {@code fileKey()}) just before it was opened and just after it was locked; otherwise it is let go
 * and taken again. (The check cannot read the file back through the path: on Linux, closing any
 * other descriptor of a file drops this process's POSIX locks on it.)
 *
 * <p>Within one process, a second taker finds the lock busy ({@link OverlappingFileLockException}),
 * as another process would.
 */
public final class LockFile implements Closeable {
    /** Holders that may come and go between our open and our lock before we give up. */
    private static final int ATTEMPTS = 20;
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock now, or returns null when another holder has it. */
    public static LockFile tryTake(Path file) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Object before = fileKey(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
                return null;
            }
            if (before != null && before.equals(fileKey(file))) {
                return new LockFile(file, channel, lock);
            }
            channel.close(); // a file its holder removed, or one made after our look: take the one at the path
        }
        return null;
    }

    /**
     * Takes the lock, waiting for its holder up to {@code patience}; null when it was not had by
     * then. For locks held for moments (a list's rename), not for a whole run.
     */
    public static LockFile take(Path file, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(200);
        while (true) {
            LockFile taken = tryTake(file);
            if (taken != null || System.nanoTime() - deadline > 0) {
                return taken;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + file, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    /** Removes the file while still holding its lock, then lets go. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                Files.deleteIfExists(file);
            }
        } finally {
            channel.close();
        }
    }

    /** The device and inode the path names now, without opening it; null when there is no file. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
