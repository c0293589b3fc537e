package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One ledger, shared (issue 16, findings 10, 11 and 19): two issues sending at once share one
 * daily quota; a ledger reached through a symbolic link is locked as the same ledger; and a file
 * where the ledger should be that is not one is refused, not taken for a new, empty ledger.
 */
class SendLedgerSharingIT {
    private static final Duration DEADLINE = Deadlines.seconds(240);

    @TempDir
    Path dir;

    @Test
    void twoIssuesSendingAtOnceOnOneLedgerShareItsDailyLimit() throws Exception {
        SendFixture first = new SendFixture(Files.createDirectories(dir.resolve("first")));
        SendFixture second = new SendFixture(Files.createDirectories(dir.resolve("second")));
        Files.writeString(second.digest(), Files.readString(second.digest()).replace("id: social-learning-2", "id: social-learning-3"));
        Path ledger = dir.resolve("shared/ledger.db");
        Path firstList = first.generatedList("list.csv", 40);
        Path secondList = second.generatedList("list.csv", 40);
        // Slow enough that the two runs overlap: each message takes 50 ms at the relay.
        try (FaultSmtpServer server = FaultSmtpServer.accepting().acceptDelay(Duration.ofMillis(50))) {
            String[] options = {"--smtp", server.url(), "--yes", "--daily-limit", "30", "--ledger", ledger.toString(), "--connections", "2"};
            CompletableFuture<CliRun> a = CompletableFuture.supplyAsync(() -> first.send(firstList, options));
            CompletableFuture<CliRun> b = CompletableFuture.supplyAsync(() -> second.send(secondList, options));
            CliRun runA = a.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            CliRun runB = b.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(4, runA.exitCode(), runA.all());
            assertEquals(4, runB.exitCode(), runB.all());
            assertEquals(30, server.acceptedCount(), "the limit holds across both issues: " + runA.out() + runB.out());
            assertTrue(runA.out().contains("daily limit of 30") && runB.out().contains("daily limit of 30"), runA.out() + runB.out());
        }
    }

    @Test
    void aLedgerReachedThroughASymbolicLinkIsLockedAsTheSameLedger() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path real = Files.createDirectories(dir.resolve("real")).resolve("ledger.db");
        // A link to the ledger file from another directory (a link to its directory would share the lock file anyway).
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("elsewhere")).resolve("ledger.db"), real);
        Path list = project.generatedList("list.csv", 100);
        FaultSmtpServer.Holding relay = new FaultSmtpServer.Holding(5);
        try (FaultSmtpServer server = new FaultSmtpServer(relay).start()) {
            CompletableFuture<CliRun> viaReal = CompletableFuture.supplyAsync(() -> project.send(list, "--smtp", server.url(), "--yes",
                    "--ledger", real.toString(), "--connections", "1"));
            // The second starts while the relay holds the first in the middle of the list, the lock taken.
            Deadlines.await("the first send to be under way", () -> relay.holding() || viaReal.isDone(), Duration.ofSeconds(60));
            CliRun second = project.send(list, "--smtp", server.url(), "--yes", "--ledger", link.toString());
            relay.release();
            CliRun first = viaReal.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, first.exitCode(), first.all());
            assertEquals(4, second.exitCode(), second.all());
            assertTrue(second.err().contains("another tidings send of issue " + SendFixture.ISSUE + " is running"), second.err());
            assertEquals(100, server.acceptedCount(), "each subscriber once");
            server.accepted().values().forEach(count -> assertEquals(1, count));
        }
    }

    @Test
    void anEmptyFileWhereTheLedgerShouldBeIsRefusedAndLeftAsItIs() throws IOException {
        SendFixture project = new SendFixture(dir);
        Files.createDirectories(project.ledgerFile().getParent());
        Files.write(project.ledgerFile(), new byte[0]);
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            CliRun run = project.send(project.generatedList("list.csv", 5), "--smtp", server.url(), "--yes");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().contains(project.ledgerFile() + ": not a tidings send ledger (it is empty)"), run.err());
            assertEquals(0, server.connections(), "nothing sent");
            assertEquals(0, Files.size(project.ledgerFile()), "the file is left as it was");
        }
    }

    @Test
    void anotherSqliteDatabaseWhereTheLedgerShouldBeIsRefusedAndLeftAsItIs() throws Exception {
        SendFixture project = new SendFixture(dir);
        Files.createDirectories(project.ledgerFile().getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + project.ledgerFile());
             Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE notes (text TEXT)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        byte[] before = Files.readAllBytes(project.ledgerFile());
        try (FaultSmtpServer server = FaultSmtpServer.accepting()) {
            CliRun run = project.send(project.generatedList("list.csv", 5), "--smtp", server.url(), "--yes");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().contains("not a tidings send ledger (it is an SQLite database without a tidings ledger's tables)"),
                    run.err());
            assertEquals(0, server.connections());
            assertArrayEquals(before, Files.readAllBytes(project.ledgerFile()), "the database is left as it was");
        }
    }
}
