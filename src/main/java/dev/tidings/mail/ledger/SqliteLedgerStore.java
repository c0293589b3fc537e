package dev.tidings.mail.ledger;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.LedgerStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Ledgers as SQLite files ({@link SqliteLedger}), each locked for a send by a {@link LedgerLock} beside it. */
public final class SqliteLedgerStore implements LedgerStore {
    /** What SQLite keeps beside a ledger in WAL mode: its write-ahead log and shared-memory index. */
    private static final String[] COMPANIONS = {"-wal", "-shm"};

    @Override
    public Ledger open(Path file, Clock clock) {
        return SqliteLedger.open(file, clock);
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public Lock lock(Path file, String issueId) {
        return LedgerLock.acquire(file, issueId);
    }

    @Override
    public Path in(Path dir) {
        return dir.resolve("ledger.db");
    }

    @Override
    public void discard(Path file) throws IOException {
        Files.deleteIfExists(file);
        for (String companion : COMPANIONS) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + companion));
        }
    }
}
