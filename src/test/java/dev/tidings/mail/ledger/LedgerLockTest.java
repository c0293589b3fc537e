package dev.tidings.mail.ledger;

import dev.tidings.ExitStatus;
import dev.tidings.TidingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock of a send: no empty lock file left beside the ledger after a run (issue 18, finding 11),
 * and removing it does not let two runs in (the exclusion across processes: SendCrashResumeIT and
 * SendLedgerSharingIT).
 */
class LedgerLockTest {
    @TempDir
    Path dir;

    @Test
    void theLockFileIsThereWhileHeldAndGoneAfter() throws IOException {
        Path ledger = dir.resolve("ledger.db");
        try (LedgerLock lock = LedgerLock.acquire(ledger, "issue-7")) {
            assertEquals(List.of("ledger.db.issue-7.lock"), files());
        }
        assertEquals(List.of(), files());
    }

    @Test
    void aSecondTakeWhileHeldIsRefusedAndSucceedsAfter() throws IOException {
        Path ledger = dir.resolve("ledger.db");
        try (LedgerLock held = LedgerLock.acquire(ledger, "issue-7")) {
            TidingsException busy = assertThrows(TidingsException.class, () -> LedgerLock.acquire(ledger, "issue-7"));
            assertEquals(ExitStatus.TEMPORARY_FAILURE, busy.status());
            assertTrue(busy.getMessage().startsWith("another tidings send of issue issue-7 is running"), busy.getMessage());
            LedgerLock.acquire(ledger, "issue-8").close(); // another issue of the same ledger is not held up
        }
        LedgerLock.acquire(ledger, "issue-7").close();
        assertEquals(List.of(), files());
    }

    @Test
    void aLockFileLeftByAKilledRunIsTakenOverAndRemoved() throws IOException {
        Files.createFile(dir.resolve("ledger.db.issue-7.lock"));
        LedgerLock.acquire(dir.resolve("ledger.db"), "issue-7").close();
        assertEquals(List.of(), files());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
