package dev.tidings.mail;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes sure only one {@code send} works on an issue of a ledger at a time. An OS file lock, not a
 * flag in the database: the kernel releases it when the process dies, even by kill -9, so a crash
 * never leaves a stale lock that blocks the next cron run.
 */
public final class LedgerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LedgerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static LedgerLock acquire(Path ledger, String issueId) {
        Path file = ledger.resolveSibling(ledger.getFileName() + "." + issueId + ".lock");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, "another tidings send of issue " + issueId
                        + " is running on " + ledger + " (lock " + file + "); this one stops without sending."
                        + " Run it again when the other has finished");
            }
            return new LedgerLock(channel, lock);
        } catch (java.nio.file.FileSystemException e) {
            // Typically a path through a regular file (--ledger FILE/ledger.db): the input is wrong, not the moment.
            throw dev.tidings.TidingsException.invalidInput(ledger + ": cannot create the ledger's directory or lock file"
                    + " (" + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()) + "); choose another --ledger");
        } catch (IOException e) {
            throw new LedgerException(file + ": cannot create the lock file: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
