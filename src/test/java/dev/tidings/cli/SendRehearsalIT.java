package dev.tidings.cli;

import dev.tidings.Deadlines;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.smtp.SmtpSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rehearsal trap (issue 16, finding 3). The README said: run {@code tidings sandbox}, then
 * {@code tidings send ... --smtp smtp://127.0.0.1:2525 --yes}. That send wrote the real ledger,
 * so the real send afterwards skipped everyone, printed "done" and exited 0: from cron, the issue
 * silently never went out. Now a relay that greets as a mail catcher makes the send a rehearsal,
 * recorded in a throwaway ledger; and the ledger records the relay of every delivery, so a send
 * through another relay says so.
 */
class SendRehearsalIT {
    private static final Duration DEADLINE = Deadlines.seconds(180);

    @TempDir
    Path dir;

    @Test
    void theReadmeSequenceSandboxThenRealSendReachesEveryone() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 12);
        try (SmtpSandbox sandbox = SmtpSandbox.start(0)) {
            CliRun rehearsal = assertTimeoutPreemptively(DEADLINE,
                    () -> project.send(list, "--smtp", "smtp://127.0.0.1:" + sandbox.port(), "--yes"));
            assertEquals(0, rehearsal.exitCode(), rehearsal.all());
            assertEquals(12, sandbox.received().size(), "the rehearsal went through the catcher");
            assertTrue(rehearsal.err().contains("rehearsal: smtp://127.0.0.1:" + sandbox.port() + " is a mail catcher (tidings sandbox)"),
                    rehearsal.err());
            assertTrue(rehearsal.out().contains("in the rehearsal's throwaway ledger"), rehearsal.out());
            assertTrue(rehearsal.out().contains("rehearsed through tidings sandbox"), rehearsal.out());
        }
        assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sent"), "the issue's ledger holds no delivery");
        assertFalse(Files.exists(project.suppressionFile()), "nor did the rehearsal write the suppression file");

        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun real = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes"));
            assertEquals(0, real.exitCode(), real.all());
            assertEquals(12, relay.acceptedCount(), "the real send reached everyone: " + real.all());
            assertTrue(real.out().contains("done: every subscriber of the list has the issue"), real.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "220 localhost Mailpit ESMTP Service ready",
            "220 mailhog.example ESMTP MailHog",
            "220 localhost smtp4dev ready",
            "220 /127.0.0.1 GreenMail SMTP Service v2.1.8 ready",
            "220 catcher.test MailCatcher ESMTP"})
    void theWellKnownCatchersAreRecognisedByTheirGreeting(String greeting) {
        try (FaultSmtpServer catcher = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).greeting(greeting).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 5);
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", catcher.url(), "--yes", "--json"));
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(5, catcher.acceptedCount());
            assertTrue(run.err().contains("is a mail catcher"), run.err());
            JsonNode json = readJson(run);
            assertFalse(json.get("rehearsal").isNull(), run.out());
            assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sent"));
        }
    }

    /**
     * A greeting's first word is the server's host name (RFC 5321 §4.2); a relay whose name holds a
     * catcher's (MailHog's own default is "mailhog.example") is a relay. Taken for a catcher, its
     * real deliveries went to a throwaway ledger, and every later run from cron sent the whole
     * list again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"220 mx1.greenmail-hosting.example ESMTP Postfix (Debian/GNU)", "220 mailpit.corp.example ESMTP Exim 4.96"})
    void aRelayWhoseHostNameHoldsACatchersNameIsARelay(String greeting) {
        try (FaultSmtpServer relay = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).greeting(greeting).start()) {
            SendFixture project = new SendFixture(dir);
            Path list = project.generatedList("list.csv", 5);
            CliRun first = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes"));
            assertEquals(0, first.exitCode(), first.all());
            assertFalse(first.err().contains("is a mail catcher"), first.err());
            assertEquals(5, project.ledger().count(SendFixture.ISSUE, "sent"), "the issue's ledger records the deliveries");

            CliRun again = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes"));
            assertEquals(0, again.exitCode(), again.all());
            assertEquals(5, relay.acceptedCount(), "the second run sent nobody a second copy");
        }
    }

    @Test
    void anOrdinaryRelayIsNoCatcherAndTheLedgerRecordsItForEveryDelivery() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 8);
        try (FaultSmtpServer first = FaultSmtpServer.accepting(); FaultSmtpServer second = FaultSmtpServer.accepting()) {
            CliRun half = assertTimeoutPreemptively(DEADLINE,
                    () -> project.send(list, "--smtp", first.url(), "--yes", "--shard", "1/2", "--json"));
            assertEquals(0, half.exitCode(), half.all());
            JsonNode halfJson = readJson(half);
            assertTrue(halfJson.get("rehearsal").isNull(), half.out());
            long viaFirst = first.acceptedCount();
            assertTrue(viaFirst > 0 && viaFirst < 8, "a shard of the list: " + viaFirst);

            CliRun status = project.status();
            assertTrue(status.out().contains(viaFirst + " sent through smtp://127.0.0.1:" + first.port()), status.out());

            // The rest through another relay: the run says that the others went elsewhere.
            CliRun rest = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", second.url(), "--yes", "--json"));
            assertEquals(0, rest.exitCode(), rest.all());
            assertEquals(8 - viaFirst, second.acceptedCount());
            assertTrue(rest.err().contains("note: " + viaFirst + " recipient(s) of this issue were sent through smtp://127.0.0.1:"
                    + first.port() + ", not through this run's relay smtp://127.0.0.1:" + second.port()), rest.err());
            JsonNode others = readJson(rest).get("other_relays");
            assertEquals(1, others.size(), rest.out());
            assertEquals("smtp://127.0.0.1:" + first.port(), others.get(0).get("relay").asText());
            assertEquals(viaFirst, others.get(0).get("sent").asLong());
        }
    }

    /**
     * Whoever fell into the trap before the ledger recorded relays has an issue marked sent with no
     * relay beside it: the real send said "done" without a word, as before the fix. Deliveries whose
     * relay is unknown are named as such, so the send says where its "done" comes from.
     */
    @Test
    void deliveriesRecordedBeforeRelaysWereAreNamedAsThroughAnUnrecordedRelay() throws Exception {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 4);
        versionOneLedgerWithEveryoneSent(project, 4);
        try (FaultSmtpServer relay = FaultSmtpServer.accepting()) {
            CliRun run = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes", "--json"));
            assertEquals(0, relay.acceptedCount(), "the ledger says everyone has it");
            assertTrue(run.err().contains("note: 4 recipient(s) of this issue were sent through " + Ledger.UNRECORDED_RELAY
                    + ", not through this run's relay " + relay.url()), run.err());
            JsonNode others = readJson(run).get("other_relays");
            assertEquals(1, others.size(), run.out());
            assertEquals(Ledger.UNRECORDED_RELAY, others.get(0).get("relay").asText());
        }
        CliRun status = project.status();
        assertTrue(status.out().contains("4 sent through " + Ledger.UNRECORDED_RELAY), status.out());
    }

    /** A ledger as tidings wrote it before it recorded relays (schema 1: no relay column), with the issue sent to everyone. */
    private static void versionOneLedgerWithEveryoneSent(SendFixture project, int n) throws Exception {
        Files.createDirectories(project.ledgerFile().getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + project.ledgerFile());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            statement.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')");
            statement.execute("CREATE TABLE deliveries (issue_id TEXT NOT NULL, address TEXT NOT NULL, email TEXT NOT NULL,"
                    + " state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')), attempts INTEGER NOT NULL DEFAULT 0,"
                    + " last_reply TEXT, message_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
                    + " PRIMARY KEY (issue_id, address)) WITHOUT ROWID");
            for (String address : SendFixture.addresses(n)) {
                statement.execute("INSERT INTO deliveries VALUES ('" + SendFixture.ISSUE + "', '" + address + "', '" + address
                        + "', 'sent', 1, '250 2.0.0 Ok: queued', '<" + address + ".id@test>', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
            }
        }
    }

    @Test
    void sendSandboxIsARehearsalToo() {
        SendFixture project = new SendFixture(dir);
        Path list = project.generatedList("list.csv", 4);
        CliRun run = assertTimeoutPreemptively(DEADLINE, () -> CliRun.withEnv(SendFixture.env(),
                "send", project.digest().toString(), "--subscribers", list.toString(), "--smtp", "sandbox", "--yes"));
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("this run: sent 4,"), run.out());
        assertEquals(0, project.ledger().count(SendFixture.ISSUE, "sent"));
    }

    private static JsonNode readJson(CliRun run) {
        try {
            return new ObjectMapper().readTree(run.out());
        } catch (java.io.IOException e) {
            throw new AssertionError(run.all(), e);
        }
    }
}
