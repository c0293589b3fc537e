package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.inbox.ImapMailbox;
import dev.tidings.mail.Ledger;
import dev.tidings.mail.ledger.SqliteLedger;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole unsubscribe loop against a real IMAP server: the sample issue is sent through
 * GreenMail's SMTP, a subscriber's mail client follows the mailto of its List-Unsubscribe
 * header, others reply, forge, bounce; {@code tidings unsubscribes} then updates the list (a
 * copy of the sample with a byte-order mark and CRLF line ends) and marks the mails.
 */
class UnsubscribesGreenMailIT {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    private UnsubscribeMailbox mailbox;
    private SendFixture project;
    private Path list;
    private Path ledger;
    private byte[] original;

    @BeforeEach
    void sendTheIssueAndMakeTheList() throws Exception {
        mailbox = new UnsubscribeMailbox();
        project = new SendFixture(dir);
        CliRun sent = project.send(SendFixture.SAMPLE_LIST, "--smtp", "smtp://127.0.0.1:" + mailbox.smtpPort(), "--yes");
        assertEquals(0, sent.exitCode(), sent.all());
        String sample = Files.readString(SendFixture.SAMPLE_LIST, StandardCharsets.UTF_8);
        original = concat(BOM, sample.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        list = Files.write(dir.resolve("list.csv"), original);
        ledger = mailbox.ledgerOfWhatArrived(dir.resolve("ledger.db"), SendFixture.ISSUE);
    }

    @AfterEach
    void stop() {
        mailbox.close();
    }

    @Test
    void requestsAndBouncesUpdateTheListAndTheMailsAreMarkedOnce() throws Exception {
        mailbox.deliver(mailbox.mailtoRequest("zoe@home.example", mailtoOf("zoe.martin@example.org")));
        mailbox.deliver(mailbox.mailtoRequest("mallory@evil.example",
                "mailto:" + UnsubscribeMailbox.ADDRESS + "?subject=unsubscribe%20jane.bozarth@example.org%20"
                        + "QJIlzw6OyPRf6c5SeRcOUf-riq9uLaAH0Fb3ckPFiXA"));
        mailbox.deliver(mailbox.authenticatedReply("Karl Moore <karl.moore@example.com>", "Re: Key social learning resources part 2",
                "Unsubscribe me, please."));
        mailbox.deliver(mailbox.reply("clark.quinn@example.org", "Re: Key social learning resources part 2",
                "Loved item 3 -- who else should read this?"));
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(mailbox.messageIdOf("michael.rose@example.com"), "michael.rose@example.com",
                "failed", "5.1.1", "550 5.1.1 <michael.rose@example.com>: Recipient address rejected: User unknown in virtual mailbox table"));
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(mailbox.messageIdOf("nic.laycock@example.net"), "nic.laycock@example.net", "delayed", "4.4.1",
                "connect to mx.example.net[198.51.100.4]:25: Connection timed out"));

        CliRun run = unsubscribes();
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertEquals(String.join("\n",
                mailbox.url() + ": 6 new mails",
                "  unsubscribed  zoe.martin@example.org           token verified (mail 1, from zoe@home.example)",
                "  ignored       jane.bozarth@example.org         the token does not verify; not acted on (mail 2, from mallory@evil.example)",
                "  unsubscribed  karl.moore@example.com           the sender's own address, no token;"
                        + " dkim=pass header.d=example.com by mx.trainingzone.example (mail 3)",
                "  bounced       michael.rose@example.com         hard bounce 5.1.1 of social-learning-2: smtp; 550 5.1.1 <michael.rose@example.com>:"
                        + " Recipient address rejected: User unknown in virtual mailbox table (mail 5, from MAILER-DAEMON@mx.trainingzone.example)",
                "  ignored       nic.laycock@example.net          soft bounce (delayed, 4.4.1): smtp; connect to mx.example.net[198.51.100.4]:25:"
                        + " Connection timed out; not acted on (mail 6, from MAILER-DAEMON@mx.trainingzone.example)",
                "left alone: 1 mail neither an unsubscribe request nor a delivery report (unread, unmarked)",
                "2 unsubscribed, 1 bounced, 0 already so, 2 ignored, 0 for the editor, 0 left for a later run",
                list + " updated (previous version: " + list + ".bak); 5 mails marked processed (\\Seen and $TidingsProcessed)",
                ""), run.out());

        String expected = new String(original, StandardCharsets.UTF_8)
                .replace("zoe.martin@example.org,Zoë Martin,subscribed,", "zoe.martin@example.org,Zoë Martin,unsubscribed,")
                .replace("karl.moore@example.com,Karl Moore,subscribed,", "karl.moore@example.com,Karl Moore,unsubscribed,")
                .replace("michael.rose@example.com,Michael Rose,subscribed,", "michael.rose@example.com,Michael Rose,bounced,");
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list), "only three status cells changed");
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("list.csv.bak")), "the backup is the list as it was");

        Map<Long, Flags> flags = mailbox.flags();
        for (long uid : new long[]{1, 2, 3, 5, 6}) {
            assertTrue(flags.get(uid).contains(Flags.Flag.SEEN) && flags.get(uid).contains(ImapMailbox.PROCESSED), uid + ": " + flags.get(uid));
        }
        assertFalse(flags.get(4L).contains(Flags.Flag.SEEN), "the unrelated mail is still unread");
        assertEquals(0, flags.get(4L).getUserFlags().length, "and carries no keyword");

        CliRun again = unsubscribes();
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(String.join("\n",
                mailbox.url() + ": 1 new mail",
                "left alone: 1 mail neither an unsubscribe request nor a delivery report (unread, unmarked)",
                "0 unsubscribed, 0 bounced, 0 already so, 0 ignored, 0 for the editor, 0 left for a later run",
                list + " unchanged; no mail marked",
                ""), again.out(), "nothing is counted twice");
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list));
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("list.csv.bak")), "a run that changes nothing keeps the backup");
        assertFalse(mailbox.flags().get(4L).contains(Flags.Flag.SEEN));
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndChangesAndMarksNothing() throws Exception {
        mailbox.deliver(mailbox.mailtoRequest("zoe.martin@example.org", mailtoOf("zoe.martin@example.org")));
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(mailbox.messageIdOf("michael.rose@example.com"), "michael.rose@example.com",
                "failed", "5.1.1", "550 5.1.1 User unknown"));
        CliRun dry = unsubscribes("--dry-run");
        assertEquals(0, dry.exitCode(), dry.all());
        assertEquals(String.join("\n",
                "dry run: " + mailbox.url() + ": 2 new mails",
                "  unsubscribed  zoe.martin@example.org           token verified (mail 1)",
                "  bounced       michael.rose@example.com         hard bounce 5.1.1 of social-learning-2: smtp; 550 5.1.1 User unknown"
                        + " (mail 2, from MAILER-DAEMON@mx.trainingzone.example)",
                "1 unsubscribed, 1 bounced, 0 already so, 0 ignored, 0 for the editor, 0 left for a later run",
                "dry run: " + list + " not changed, no mail marked; run without --dry-run to apply",
                ""), dry.out());
        assertArrayEquals(original, Files.readAllBytes(list));
        assertFalse(Files.exists(dir.resolve("list.csv.bak")));
        mailbox.flags().values().forEach(f -> assertFalse(f.contains(Flags.Flag.SEEN) || f.getUserFlags().length > 0, f.toString()));

        CliRun real = unsubscribes();
        assertTrue(real.out().contains("1 unsubscribed, 1 bounced,"), real.out());
        assertTrue(real.out().endsWith("2 mails marked processed (\\Seen and $TidingsProcessed)\n"), real.out());
    }

    @Test
    void withoutAListItOnlyReportsAndMarksNothing() throws Exception {
        mailbox.deliver(mailbox.mailtoRequest("zoe.martin@example.org", mailtoOf("zoe.martin@example.org")));
        CliRun run = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", mailbox.url());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().startsWith("dry run: "), run.out());
        assertTrue(run.out().endsWith("no --subscribers: no list changed, no mail marked; give --subscribers LIST.csv to apply\n"), run.out());
        assertFalse(mailbox.flags().get(1L).contains(Flags.Flag.SEEN));
    }

    @Test
    void aTokenCannotBeCheckedWithoutTheSecretSoTheMailWaitsForARunWithIt() throws Exception {
        mailbox.deliver(mailbox.mailtoRequest("zoe@home.example", mailtoOf("zoe.martin@example.org")));
        mailbox.deliver(mailbox.authenticatedReply("karl.moore@example.com", "unsubscribe", "thanks for everything"));
        Map<String, String> noSecret = Map.of("TIDINGS_IMAP_PASSWORD", UnsubscribeMailbox.PASSWORD);
        CliRun without = CliRun.withEnv(noSecret, "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString());
        assertEquals(0, without.exitCode(), without.all());
        assertTrue(without.out().contains("  left          zoe.martin@example.org           carries a token, but TIDINGS_SECRET is not set"
                + " to check it; left for a run with the secret (mail 1, from zoe@home.example)"), without.out());
        assertTrue(without.out().contains("hint: set TIDINGS_SECRET"), without.out());
        assertFalse(without.out().contains("--ledger"), "no bounce waits for a ledger: " + without.out());
        assertTrue(without.out().contains("1 unsubscribed, 0 bounced, 0 already so, 0 ignored, 0 for the editor, 1 left for a later run"),
                without.out());
        Map<Long, Flags> flags = mailbox.flags();
        assertFalse(flags.get(1L).contains(Flags.Flag.SEEN), "the mail waits");
        assertTrue(flags.get(2L).contains(ImapMailbox.PROCESSED), "the reply without a token was done");

        CliRun with = unsubscribes();
        assertTrue(with.out().contains("  unsubscribed  zoe.martin@example.org           token verified (mail 1, from zoe@home.example)"), with.out());
        assertTrue(mailbox.flags().get(1L).contains(ImapMailbox.PROCESSED));
    }

    @Test
    void repeatedRequestsStrangersAndOtherPeoplesAddressesAreNeitherCountedTwiceNorActedOn() throws Exception {
        String zoe = mailtoOf("zoe.martin@example.org");
        mailbox.deliver(mailbox.mailtoRequest("zoe.martin@example.org", zoe));
        mailbox.deliver(mailbox.mailtoRequest("zoe.martin@example.org", zoe));
        mailbox.deliver(mailbox.authenticatedReply("stranger@example.com", "unsubscribe", ""));
        mailbox.deliver(mailbox.reply("mallory@evil.example", "unsubscribe jane.bozarth@example.org", ""));
        mailbox.deliver(mailbox.authenticatedReply("old.reader@example.org", "Re: unsubscribe", "Still getting these?"));
        String lastYear = "<social-learning-1.earlier0@trainingzone.example>"; // an issue sent before they left
        try (Ledger sent = SqliteLedger.open(ledger, Clock.systemUTC())) {
            sent.markSending("social-learning-1", "left.last.year@example.com", lastYear);
            sent.markSent("social-learning-1", "left.last.year@example.com", "250 2.0.0 Ok");
        }
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(lastYear, "left.last.year@example.com", "failed", "5.1.1", "550 5.1.1 User unknown"));
        CliRun run = unsubscribes();
        assertEquals(0, run.exitCode(), run.all());
        String out = run.out();
        assertTrue(out.contains("  unsubscribed  zoe.martin@example.org           token verified (mail 1)"), out);
        assertTrue(out.contains("  unchanged     zoe.martin@example.org           also asked by message 1 of this run (mail 2)"), out);
        assertTrue(out.contains("  ignored       stranger@example.com             not on the list (the sender's own address, no token;"
                + " dkim=pass header.d=example.com by mx.trainingzone.example) (mail 3)"), out);
        assertTrue(out.contains("  ignored       jane.bozarth@example.org         names this address without a token, sent from mallory@evil.example;"
                + " without a token only the sender's own address is unsubscribed (mail 4, from mallory@evil.example)"), out);
        assertTrue(out.contains("  unchanged     old.reader@example.org           already unsubscribed (mail 5)"), out);
        assertTrue(out.contains("  unchanged     left.last.year@example.com       stays unsubscribed: its owner asked to leave before it bounced"), out);
        assertTrue(out.contains("1 unsubscribed, 0 bounced, 3 already so, 2 ignored, 0 for the editor, 0 left for a later run"), out);
        assertTrue(out.endsWith("6 mails marked processed (\\Seen and $TidingsProcessed)\n"), out);
        String expected = new String(original, StandardCharsets.UTF_8)
                .replace("zoe.martin@example.org,Zoë Martin,subscribed,", "zoe.martin@example.org,Zoë Martin,unsubscribed,");
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(list));
    }

    @Test
    void aWrongPasswordIsAClearErrorWithExitFourAndNeverPrinted() throws Exception {
        mailbox.deliver(mailbox.mailtoRequest("zoe.martin@example.org", mailtoOf("zoe.martin@example.org")));
        String wrong = "wrong-Pa55word!-imap";
        CliRun run = CliRun.withEnv(Map.of("TIDINGS_IMAP_PASSWORD", wrong, "TIDINGS_SECRET", SendFixture.SECRET),
                "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString());
        assertEquals(4, run.exitCode(), run.all());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("tidings: " + mailbox.url() + ": the server refused the credentials of unsubscribe ("), run.err());
        assertTrue(run.err().strip().endsWith("check TIDINGS_IMAP_PASSWORD or --password-file"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        assertFalse(run.all().contains(wrong) || run.all().contains(UnsubscribeMailbox.PASSWORD), run.all());
        assertArrayEquals(original, Files.readAllBytes(list));
    }

    @Test
    void thePasswordCanComeFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("imap-password"), UnsubscribeMailbox.PASSWORD + "\n");
        CliRun run = CliRun.withEnv(SendFixture.env(), "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString(),
                "--password-file", file.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().startsWith(mailbox.url() + ": 0 new mails"), run.out());
    }

    @Test
    void anUnreachableServerIsExitFourAndTheListIsUntouched() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", "imap://news@127.0.0.1:" + closedPort + "/INBOX",
                "--subscribers", list.toString(), "--timeout", Deadlines.secondsOption(2));
        assertEquals(4, run.exitCode(), run.all());
        assertEquals("tidings: cannot reach imap://news@127.0.0.1:" + closedPort + "/INBOX: connection refused\n", run.err());
        assertArrayEquals(original, Files.readAllBytes(list));
    }

    @Test
    void passwordsOnTheCommandLineOrMissingAreUsageErrorsBeforeAnyConnection() throws Exception {
        CliRun inUrl = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", "imap://unsubscribe:hunter2-Xy@127.0.0.1:1/INBOX");
        assertEquals(2, inUrl.exitCode(), inUrl.all());
        assertTrue(inUrl.err().contains("do not put the password in the URL"), inUrl.err());
        assertFalse(inUrl.all().contains("hunter2-Xy"));

        CliRun none = CliRun.withEnv(SendFixture.env(), "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString());
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("no password is given: set TIDINGS_IMAP_PASSWORD or use --password-file"), none.err());

        CliRun noMailbox = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--subscribers", list.toString());
        assertEquals(2, noMailbox.exitCode(), noMailbox.all());
        assertTrue(noMailbox.err().contains("give --imap imaps://user@host/INBOX (or set TIDINGS_IMAP)"), noMailbox.err());

        CliRun noList = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", mailbox.url(), "--subscribers", dir.resolve("nope.csv").toString());
        assertEquals(1, noList.exitCode(), noList.all());
        assertEquals("tidings: " + dir.resolve("nope.csv") + ": file not found\n", noList.err());
    }

    /** The mailto: URI in the List-Unsubscribe header of the issue this subscriber received. */
    private String mailtoOf(String subscriber) throws Exception {
        MimeMessage received = Arrays.stream(mailbox.server().getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().contains(subscriber);
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
        String header = MimeUtility.unfold(received.getHeader("List-Unsubscribe", null));
        return header.substring(header.indexOf("<mailto:") + 1, header.indexOf('>'));
    }

    private CliRun unsubscribes(String... more) {
        String[] args = new String[]{"unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString(),
                "--timeout", Deadlines.secondsOption(10), "--ledger", ledger.toString()};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return CliRun.withEnv(UnsubscribeMailbox.env(), all);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
