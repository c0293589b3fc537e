package dev.tidings.mail.ledger;

import dev.tidings.ExitStatus;
import dev.tidings.LockFile;
import dev.tidings.TidingsException;
import dev.tidings.mail.LedgerException;
import dev.tidings.mail.LedgerStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure only one {@code send} works on an issue of a ledger at a time. An OS file lock, not a
 * row in the ledger: the kernel drops it when the process dies, even by SIGKILL, so a crashed run
 * never leaves a stale lock that blocks the next cron run. The lock file sits beside the ledger's
 * real path and is removed when the send ends ({@link LockFile}: no empty {@code .lock} per issue
 * piles up beside the ledger, issue 18, and removing it lets no two runs in). (Not on the ledger
 * file itself: SQLite holds POSIX locks there, and closing any other descriptor of the file in this
 * process would release them.)
 */
public final class LedgerLock implements LedgerStore.Lock {
    private final LockFile lock;

    private LedgerLock(LockFile lock) {
        this.lock = lock;
    }

    public static LedgerLock acquire(Path ledger, String issueId) {
        try {
            Path real = realPath(ledger);
            Path file = real.resolveSibling(real.getFileName() + "." + issueId + ".lock");
            LockFile taken = LockFile.tryTake(file);
            if (taken == null) {
                throw new TidingsException(ExitStatus.TEMPORARY_FAILURE, "another tidings send of issue " + issueId
                        + " is running on " + ledger + " (lock " + file + "); this one stops without sending."
                        + " Run it again when the other has finished");
            }
            return new LedgerLock(taken);
        } catch (java.nio.file.FileSystemException e) {
            // Typically a path through a regular file (--ledger FILE/ledger.db), or a read-only
            // directory: the place is wrong until someone changes it, not the moment.
            throw TidingsException.invalidInput(ledger + ": cannot create the ledger's directory or lock file"
                    + " (" + TidingsException.reason(e) + "); choose another --ledger");
        } catch (IOException e) {
            throw new LedgerException(ledger + ": cannot create the ledger's lock file: " + e.getMessage(), e);
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

    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case; a file left behind is taken over by the next run
        }
    }
}
