package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.mail.smtp.FaultSmtpServer;
import dev.tidings.subscribers.ListEvent;
import dev.tidings.subscribers.ListJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One suppression list, applied where the editor looks (issue 20, part 3): an address the relay
 * refuses with 550 5.1.1 went to .tidings/suppressed.txt but stayed subscribed in the CSV, and every
 * re-run of the issue exited 3 until someone edited the CSV by hand. Against the fault-injecting
 * relay, a real CSV and a real SQLite ledger: the first run exits 3 and names the sync command;
 * the sync marks the address bounced and changes no other byte; the re-run exits 0 and sends
 * nobody twice.
 */
class SuppressionSyncIT {
    private static final Duration DEADLINE = Deadlines.seconds(180);
    /** A BOM, CRLF line ends, quoted fields (one with a comma, one with a doubled quote), a blank status. */
    private static final String LIST = "\uFEFFemail,name,status\r\n"
            + "ann@alpha.example,\"Ann, of Alpha\",subscribed\r\n"
            + "gone@beta.example,\"Gone \"\"Away\"\"\",subscribed\r\n"
            + "\"bob@gamma.example\",Bob,\r\n";

    @TempDir
    Path dir;

    @Test
    void aRefusedAddressIsSyncedToBouncedAndTheReRunExitsZeroSendingNobodyTwice() throws IOException {
        SendFixture project = new SendFixture(dir);
        Path list = project.file("list.csv", LIST);
        try (FaultSmtpServer relay = new FaultSmtpServer(new FaultSmtpServer.Script() {
            @Override
            public String rcpt(String address, int attempt) {
                return address.startsWith("gone@") ? "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown" : null;
            }
        }).start()) {
            CliRun first = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes", "--connections", "1"));
            assertEquals(3, first.exitCode(), first.all());
            assertTrue(first.out().contains("1 address(es) above were refused permanently and are still subscribed in the list;"
                    + " mark the hard bounces bounced with tidings subscribers sync --subscribers " + list + " --suppressed "
                    + project.suppressionFile()), first.out());
            assertTrue(project.suppressed().startsWith("gone@beta.example  # "), project.suppressed());

            // Nothing done about it yet: still exit 3, naming it again.
            CliRun unchanged = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes"));
            assertEquals(3, unchanged.exitCode(), unchanged.all());

            CliRun dry = CliRun.of("subscribers", "sync", "--subscribers", list.toString(), "--suppressed",
                    project.suppressionFile().toString(), "--dry-run");
            assertEquals(0, dry.exitCode(), dry.all());
            assertTrue(dry.out().contains("would be bounced  gone@beta.example  line 3, subscribed -> bounced"), dry.out());
            assertArrayEquals(LIST.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list), "a dry run writes nothing");

            CliRun sync = CliRun.of("subscribers", "sync", "--subscribers", list.toString(), "--suppressed", project.suppressionFile().toString());
            assertEquals(0, sync.exitCode(), sync.all());
            assertEquals("", sync.err());
            assertTrue(sync.out().contains("  bounced  gone@beta.example  line 3, subscribed -> bounced  (" + project.suppressionFile()
                    + ":1: "), sync.out());
            assertTrue(sync.out().contains("550 5.1.1 <gone@beta.example>: Recipient address rejected: User unknown)"), sync.out());
            assertTrue(sync.out().contains("1 change, 0 left alone; previous version: " + list + ".bak"), sync.out());
            byte[] synced = LIST.replace("\"Gone \"\"Away\"\"\",subscribed", "\"Gone \"\"Away\"\"\",bounced").getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(synced, Files.readAllBytes(list), "only the status cell of line 3 changed");
            assertArrayEquals(LIST.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("list.csv.bak")));

            CliRun again = CliRun.of("subscribers", "sync", "--subscribers", list.toString(), "--suppressed", project.suppressionFile().toString());
            assertEquals(0, again.exitCode(), again.all());
            assertTrue(again.out().contains("left alone  gone@beta.example  line 3, already bounced"), again.out());
            assertTrue(again.out().contains("0 changes, 1 left alone; the list is unchanged"), again.out());
            assertArrayEquals(synced, Files.readAllBytes(list), "a second sync changes nothing");

            CliRun rerun = assertTimeoutPreemptively(DEADLINE, () -> project.send(list, "--smtp", relay.url(), "--yes"));
            assertEquals(0, rerun.exitCode(), rerun.all());
            assertTrue(rerun.out().contains("done: every subscriber of the list has the issue (the 1 that failed permanently are no"
                    + " longer subscribed in it)"), rerun.out());
            assertEquals(2, relay.acceptedCount(), "nobody sent twice");
            assertEquals(2, project.ledger().count(SendFixture.ISSUE, "sent"));
        }
    }

    @Test
    void bounceThenResubscribeGivesBackTheListByteForByte() throws IOException {
        Path list = Files.writeString(dir.resolve("list.csv"), LIST, StandardCharsets.UTF_8);
        Path suppressed = Files.writeString(dir.resolve("suppressed.txt"),
                "# by hand\nGONE@beta.example  # 2026-12-03T10:00:00Z 550 5.1.1 User unknown\nother@x.example\n");
        CliRun bounce = CliRun.of("subscribers", "bounce", "gone@beta.example", "bob@gamma.example", "--subscribers", list.toString());
        assertEquals(0, bounce.exitCode(), bounce.all());
        assertEquals(list + ": set gone@beta.example to bounced (line 3, was subscribed)\n"
                + list + ": set bob@gamma.example to bounced (line 4, was subscribed)\n"
                + list + ": previous version: " + list + ".bak\n", bounce.out());
        assertArrayEquals(LIST.replace("Away\"\"\",subscribed", "Away\"\"\",bounced").replace("Bob,\r\n", "Bob,bounced\r\n")
                .getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list));

        CliRun resubscribe = CliRun.of("subscribers", "resubscribe", "gone@beta.example", "bob@gamma.example", "--subscribers",
                list.toString(), "--suppressed", suppressed.toString());
        assertEquals(0, resubscribe.exitCode(), resubscribe.all());
        assertTrue(resubscribe.out().contains("set gone@beta.example to subscribed (line 3, was bounced)"), resubscribe.out());
        assertTrue(resubscribe.out().contains(suppressed + ": removed 1 line of these addresses"), resubscribe.out());
        assertEquals("# by hand\nother@x.example\n", Files.readString(suppressed), "only that address's line went");
        // bob's status cell was empty (subscribed) and is now "subscribed": the one byte-level difference, by design
        assertArrayEquals(LIST.replace("Bob,\r\n", "Bob,subscribed\r\n").getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list));

        CliRun missing = CliRun.of("subscribers", "bounce", "gone@beta.example", "nobody@x.example", "--subscribers", list.toString());
        assertEquals(1, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("nobody@x.example is not on the list"), missing.err());
        assertTrue(missing.err().contains("nothing was changed"), missing.err());
    }

    @Test
    void anUnsubscribedReaderIsResubscribedOnlyWithTheFlag() throws IOException {
        String text = "email,status\nleft@x.example,unsubscribed\nstay@x.example,subscribed\n";
        Path list = Files.writeString(dir.resolve("list.csv"), text);
        CliRun refused = CliRun.of("subscribers", "resubscribe", "stay@x.example", "left@x.example", "--subscribers", list.toString());
        assertEquals(1, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains(list + ":2: left@x.example unsubscribed;"), refused.err());
        assertTrue(refused.err().contains("--override-unsubscribe"), refused.err());
        assertEquals(text, Files.readString(list));
        assertFalse(Files.exists(dir.resolve("list.csv.bak")));

        CliRun bounced = CliRun.of("subscribers", "bounce", "left@x.example", "--subscribers", list.toString());
        assertEquals(0, bounced.exitCode(), bounced.all());
        assertTrue(bounced.out().contains("left@x.example stays unsubscribed (line 2)"), bounced.out());
        assertEquals(text, Files.readString(list));

        CliRun allowed = CliRun.of("subscribers", "resubscribe", "left@x.example", "--override-unsubscribe", "--subscribers", list.toString());
        assertEquals(0, allowed.exitCode(), allowed.all());
        assertEquals("email,status\nleft@x.example,subscribed\nstay@x.example,subscribed\n", Files.readString(list));
    }

    @Test
    void syncReportsWhatItLeftAloneAndKeepsEveryRow() throws IOException {
        String text = "\uFEFFemail,name,status\r\n"
                + "a@x.example,\"A, the first\",subscribed\r\n"
                + "b@x.example,B,bounced\r\n"
                + "c@x.example,C,subscribed\r\n"
                + "d@x.example,D,unsubscribed\r\n"
                + "e@x.example,E,subscribed\r\n";
        Path list = Files.writeString(dir.resolve("list.csv"), text, StandardCharsets.UTF_8);
        Path suppressed = Files.writeString(dir.resolve("suppressed.txt"), "A@x.example  # 2026-12-01T09:00:00Z 550 5.1.1 User unknown\n"
                + "b@x.example  # 2026-12-01T09:00:01Z 550 5.1.1 User unknown\n"
                + "c@x.example  # unsubscribed by phone\n"
                + "d@x.example  # 2026-12-01T09:00:02Z 550 5.2.1 Mailbox disabled\n"
                + "e@x.example\n"
                + "zed@x.example  # 2026-12-01T09:00:03Z 550 5.1.1 User unknown\n");
        CliRun sync = CliRun.of("subscribers", "sync", "--subscribers", list.toString(), "--suppressed", suppressed.toString());
        assertEquals(0, sync.exitCode(), sync.all());
        String out = sync.out();
        assertTrue(out.contains("  bounced  A@x.example  line 2, subscribed -> bounced  (" + suppressed + ":1: "), out);
        assertTrue(out.contains("  unsubscribed  c@x.example  line 4, subscribed -> unsubscribed  (" + suppressed
                + ":3: unsubscribed by phone)"), out);
        assertTrue(out.contains("left alone  b@x.example  line 3, already bounced"), out);
        assertTrue(out.contains("left alone  d@x.example  line 5, already unsubscribed"), out);
        assertTrue(out.contains("left alone  zed@x.example  not on the list"), out);
        assertTrue(out.contains("left alone  e@x.example  " + suppressed + ":5 gives no reason"), out);
        assertTrue(out.contains("2 changes, 4 left alone"), out);
        assertArrayEquals(text.replace("first\",subscribed", "first\",bounced").replace("C,subscribed", "C,unsubscribed")
                .getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list));
    }

    /** An unsubscribe still in serve's journal (send honours it before the list shows it) is a reader's choice too. */
    @Test
    void anUnsubscribeInServesJournalAlsoNeedsTheFlag() throws Exception {
        String text = "email,status\nleft@x.example,subscribed\n";
        Path list = Files.writeString(dir.resolve("list.csv"), text);
        try (ListJournal journal = ListJournal.open(list, new ListJournal.Batching(Duration.ofHours(1), 1_000), e -> { })) {
            journal.record(new ListEvent(ListEvent.Kind.UNSUBSCRIBED, "left@x.example", null, java.time.Instant.now(), "one-click"));
            CliRun refused = CliRun.of("subscribers", "resubscribe", "left@x.example", "--subscribers", list.toString());
            assertEquals(1, refused.exitCode(), refused.all());
            assertTrue(refused.err().contains(ListJournal.pathFor(list) + ": left@x.example unsubscribed through tidings serve"),
                    refused.err());
            assertTrue(refused.err().contains("--override-unsubscribe"), refused.err());
            assertEquals(text, Files.readString(list));

            CliRun overridden = CliRun.of("subscribers", "resubscribe", "left@x.example", "--override-unsubscribe", "--subscribers",
                    list.toString());
            assertEquals(0, overridden.exitCode(), overridden.all());
            assertTrue(overridden.out().contains("left@x.example is already subscribed (line 2)"), overridden.out());
            assertTrue(overridden.err().contains("note: left@x.example's unsubscribe is still in " + ListJournal.pathFor(list)),
                    overridden.err());
        }
    }

    /** Send makes the file at the first hard bounce: a sync from cron before then has nothing to do; a wrong folder is a mistake. */
    @Test
    void noSuppressionFileYetIsNothingToDoButAFolderThatIsNotThereIsAnError() throws IOException {
        Path list = Files.writeString(dir.resolve("list.csv"), "email\na@x.example\n");
        Files.createDirectories(dir.resolve(".tidings"));
        Path notYet = dir.resolve(".tidings").resolve("suppressed.txt");
        CliRun none = CliRun.of("subscribers", "sync", "--subscribers", list.toString(), "--suppressed", notYet.toString());
        assertEquals(0, none.exitCode(), none.all());
        assertEquals(notYet + ": no suppression file yet (send writes it at the first hard bounce); nothing to apply to " + list + "\n",
                none.out());
        Path typo = dir.resolve(".tidngs").resolve("suppressed.txt");
        CliRun wrong = CliRun.of("subscribers", "sync", "--subscribers", list.toString(), "--suppressed", typo.toString());
        assertEquals(1, wrong.exitCode(), wrong.all());
        assertTrue(wrong.err().contains(typo + ": suppression file not found"), wrong.err());
        assertEquals("email\na@x.example\n", Files.readString(list));
    }
}
