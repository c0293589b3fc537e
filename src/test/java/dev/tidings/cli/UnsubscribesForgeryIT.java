package dev.tidings.cli;

import dev.tidings.inbox.ImapMailbox;
import jakarta.mail.Flags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forged delivery reports and unsubscribe requests against a real IMAP server (GreenMail): the
 * sample issue is sent through its SMTP side, a ledger records what arrived, and each test puts
 * real-shaped mails in the unsubscribe mailbox, genuine and forged, then checks what
 * {@code tidings unsubscribes} did to the list and the mails.
 */
class UnsubscribesForgeryIT {
    private static final String JANE = "jane.bozarth@example.org";
    private static final String MICHAEL = "michael.rose@example.com";
    private static final String CLARK = "clark.quinn@example.org";

    @TempDir
    Path dir;

    private UnsubscribeMailbox mailbox;
    private Path list;
    private Path ledger;
    private String original;

    @BeforeEach
    void sendTheIssue() throws Exception {
        mailbox = new UnsubscribeMailbox();
        CliRun sent = new SendFixture(dir).send(SendFixture.SAMPLE_LIST, "--smtp", "smtp://127.0.0.1:" + mailbox.smtpPort(), "--yes");
        assertEquals(0, sent.exitCode(), sent.all());
        original = Files.readString(SendFixture.SAMPLE_LIST, StandardCharsets.UTF_8);
        list = Files.writeString(dir.resolve("list.csv"), original);
        ledger = mailbox.ledgerOfWhatArrived(dir.resolve("ledger.db"), SendFixture.ISSUE);
    }

    @AfterEach
    void stop() {
        mailbox.close();
    }

    @Test
    void aReportWithoutReportTypeBouncesNobodyEvenWithARealMessageId() throws Exception {
        // What was reproduced: one multipart/report from anyone, no report-type, two addresses. It even
        // returns Jane's real Message-ID, so only its shape tells it from a delivery report.
        mailbox.deliver(UnsubscribeMailbox.report("", mailbox.messageIdOf(JANE), JANE, List.of(
                UnsubscribeMailbox.recipientFields(JANE, "failed", "5.1.1", "550 5.1.1 User unknown"),
                UnsubscribeMailbox.recipientFields(CLARK, "failed", "5.1.1", "550 5.1.1 User unknown")))
                .replace("From: MAILER-DAEMON@mx.trainingzone.example (Mail Delivery System)", "From: postmaster@evil.example"));
        CliRun run = unsubscribes();
        String reason = "not a delivery report: its multipart/report has no report-type=delivery-status (RFC 6522, RFC 3464); not acted on"
                + " (mail 1, from postmaster@evil.example)";
        assertLines(run, "  for editor    " + pad(JANE) + reason, "  for editor    " + pad(CLARK) + reason,
                "0 unsubscribed, 0 bounced, 0 already so, 0 ignored, 2 for the editor, 0 left for a later run");
        assertEquals(original, Files.readString(list), "nobody bounced");
        assertKeptForTheEditor(1);
    }

    @Test
    void aRealReportOfAMessageTidingsSentBouncesExactlyItsRecipient() throws Exception {
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(mailbox.messageIdOf(MICHAEL), MICHAEL, "failed", "5.1.1",
                "550 5.1.1 <michael.rose@example.com>: Recipient address rejected: User unknown"));
        CliRun run = unsubscribes();
        assertLines(run, "  bounced       " + pad(MICHAEL) + "hard bounce 5.1.1 of social-learning-2: smtp; 550 5.1.1 <michael.rose@example.com>:"
                        + " Recipient address rejected: User unknown (mail 1, from MAILER-DAEMON@mx.trainingzone.example)",
                "0 unsubscribed, 1 bounced, 0 already so, 0 ignored, 0 for the editor, 0 left for a later run");
        assertEquals(changed(MICHAEL, "bounced"), Files.readString(list));
        assertTrue(mailbox.flags().get(1L).contains(Flags.Flag.SEEN), "processed");
    }

    @Test
    void aReportNamingTwoRecipientsBouncesOnlyTheOneItsMessageWasSentTo() throws Exception {
        mailbox.deliver(UnsubscribeMailbox.report("report-type=delivery-status;", mailbox.messageIdOf(MICHAEL), MICHAEL, List.of(
                UnsubscribeMailbox.recipientFields(MICHAEL, "failed", "5.1.1", "550 5.1.1 User unknown"),
                UnsubscribeMailbox.recipientFields(JANE, "failed", "5.1.1", "550 5.1.1 User unknown"))));
        CliRun run = unsubscribes();
        assertLines(run, "  bounced       " + pad(MICHAEL) + "hard bounce 5.1.1 of social-learning-2: smtp; 550 5.1.1 User unknown"
                        + " (mail 1, from MAILER-DAEMON@mx.trainingzone.example)",
                "  ignored       " + pad(JANE) + "hard bounce 5.1.1 named in a report of the message sent to michael.rose@example.com"
                        + " (social-learning-2); a report bounces only its message's recipient (mail 1, from MAILER-DAEMON@mx.trainingzone.example)",
                "0 unsubscribed, 1 bounced, 0 already so, 1 ignored, 0 for the editor, 0 left for a later run");
        assertEquals(changed(MICHAEL, "bounced"), Files.readString(list), "Jane stays subscribed");
    }

    @Test
    void aReportOfAMessageTidingsNeverSentIsLeftForTheEditor() throws Exception {
        String unknown = "<social-learning-2.aaaaaaaaaaaaaq@trainingzone.example>"; // tidings's shape, no message of its own
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(unknown, JANE, "failed", "5.1.1", "550 5.1.1 User unknown"));
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(null, CLARK, "failed", "5.1.1", "550 5.1.1 User unknown"));
        CliRun run = unsubscribes();
        assertLines(run, "  for editor    " + pad(JANE) + "hard bounce 5.1.1 of message " + unknown + ", which the send ledger does not record:"
                        + " not a message tidings sent; not acted on (mail 1, from MAILER-DAEMON@mx.trainingzone.example)",
                "  for editor    " + pad(CLARK) + "hard bounce 5.1.1, but the report returns no Message-ID to tie it to a message tidings sent;"
                        + " not acted on (mail 2, from MAILER-DAEMON@mx.trainingzone.example)",
                "0 unsubscribed, 0 bounced, 0 already so, 0 ignored, 2 for the editor, 0 left for a later run");
        assertEquals(original, Files.readString(list));
        assertKeptForTheEditor(1);
        assertKeptForTheEditor(2);
        CliRun again = unsubscribes();
        assertTrue(again.out().startsWith(mailbox.url() + ": 0 new mails\n"), "reported once: " + again.out());
    }

    @Test
    void withoutALedgerABounceWaitsForARunWithOne() throws Exception {
        mailbox.deliver(UnsubscribeMailbox.deliveryReport(mailbox.messageIdOf(MICHAEL), MICHAEL, "failed", "5.1.1", "550 5.1.1 User unknown"));
        CliRun run = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("  left          " + pad(MICHAEL) + "hard bounce 5.1.1, but no send ledger to tie it to a message"
                + " tidings sent (--ledger); left for a run with one"), run.out());
        assertTrue(run.out().contains("hint: give --ledger (send keeps it at .tidings/ledger.db beside the digest)"), run.out());
        assertEquals(original, Files.readString(list));
        assertFalse(mailbox.flags().get(1L).contains(Flags.Flag.SEEN) || mailbox.flags().get(1L).getUserFlags().length > 0);
        assertTrue(unsubscribes().out().contains("  bounced       " + pad(MICHAEL)), "the next run with the ledger acts on it");

        CliRun missing = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", mailbox.url(), "--ledger",
                dir.resolve("nope.db").toString());
        assertEquals(1, missing.exitCode(), missing.all());
        assertEquals("tidings: " + dir.resolve("nope.db") + ": no send ledger here (send keeps it at .tidings/ledger.db beside the digest);"
                + " check --ledger\n", missing.err());
        assertFalse(Files.exists(dir.resolve("nope.db")), "no ledger is created");
    }

    @Test
    void aSpoofedFromWithoutTokenOrAuthenticationResultsIsLeftForTheEditor() throws Exception {
        mailbox.deliver(UnsubscribeMailbox.unsubscribeMail(JANE, List.of(), List.of()));
        CliRun run = unsubscribes();
        assertLines(run, "  for editor    " + pad(JANE) + "no token, and nothing but the From header says who sent it: no DKIM, SPF or DMARC pass"
                        + " for example.org in the receiving server's (topmost) Authentication-Results; not acted on (mail 1)",
                "0 unsubscribed, 0 bounced, 0 already so, 0 ignored, 1 for the editor, 0 left for a later run");
        assertTrue(run.out().contains("hint: the mails for the editor are unread in " + mailbox.url() + "; if one is genuine, apply it yourself"),
                run.out());
        assertEquals(original, Files.readString(list), "Jane is still subscribed");
        assertKeptForTheEditor(1);
    }

    @Test
    void theReceivingServersDkimPassForTheFromDomainIsEnough() throws Exception {
        mailbox.deliver(UnsubscribeMailbox.unsubscribeMail(JANE, List.of("Authentication-Results: " + UnsubscribeMailbox.RECEIVER + ";",
                "\tdkim=pass (2048-bit rsa key sha256) header.d=example.org header.i=@example.org header.s=s1;",
                "\tspf=softfail (domain of transitioning jane.bozarth@example.org does not designate 198.51.100.23) smtp.mailfrom=example.org"),
                List.of()));
        CliRun run = unsubscribes();
        assertLines(run, "  unsubscribed  " + pad(JANE) + "the sender's own address, no token; dkim=pass header.d=example.org by "
                        + UnsubscribeMailbox.RECEIVER + " (mail 1)",
                "1 unsubscribed, 0 bounced, 0 already so, 0 ignored, 0 for the editor, 0 left for a later run");
        assertEquals(changed(JANE, "unsubscribed"), Files.readString(list));
    }

    @Test
    void aPassOnlyInAFieldBelowTheReceivingServersIsForged() throws Exception {
        // The receiving server found nothing to pass; the sender wrote a field claiming that server's id.
        String top = "Authentication-Results: " + UnsubscribeMailbox.RECEIVER + "; dkim=none; spf=fail smtp.mailfrom=evil.example;"
                + " dmarc=fail header.from=example.org";
        String forged = "Authentication-Results: " + UnsubscribeMailbox.RECEIVER + "; dkim=pass header.d=example.org; spf=pass"
                + " smtp.mailfrom=jane.bozarth@example.org; dmarc=pass header.from=example.org";
        mailbox.deliver(UnsubscribeMailbox.unsubscribeMail(JANE, List.of(top), List.of(forged)));
        // And a server that adds no field at all, with the editor naming theirs: the sender's field is on top, and not believed.
        mailbox.deliver(UnsubscribeMailbox.unsubscribeMail(CLARK, List.of(), List.of(forged.replace(UnsubscribeMailbox.RECEIVER, "mx.sender.example"))));
        CliRun run = unsubscribes("--authserv-id", UnsubscribeMailbox.RECEIVER.toUpperCase(java.util.Locale.ROOT));
        assertLines(run, "  for editor    " + pad(JANE) + "no token, and nothing but the From header says who sent it: no DKIM, SPF or DMARC pass"
                        + " for example.org in an Authentication-Results of mx.trainingzone.example; not acted on (mail 1)",
                "  for editor    " + pad(CLARK) + "no token, and nothing but the From header says who sent it: no DKIM, SPF or DMARC pass"
                        + " for example.org in an Authentication-Results of mx.trainingzone.example; not acted on (mail 2)",
                "0 unsubscribed, 0 bounced, 0 already so, 0 ignored, 2 for the editor, 0 left for a later run");
        assertEquals(original, Files.readString(list));

        // Without --authserv-id the topmost field decides: for Jane's mail the server's own, which passes nothing.
        mailbox.deliver(UnsubscribeMailbox.unsubscribeMail(JANE, List.of(top), List.of(forged)));
        CliRun topmost = unsubscribes();
        assertTrue(topmost.out().contains("  for editor    " + pad(JANE) + "no token, and nothing but the From header says who sent it:"), topmost.out());
        assertEquals(original, Files.readString(list));
    }

    private void assertKeptForTheEditor(long uid) throws Exception {
        Flags flags = mailbox.flags().get(uid);
        assertFalse(flags.contains(Flags.Flag.SEEN), "unread for the editor: " + flags);
        assertTrue(flags.contains(ImapMailbox.PROCESSED), "and not reported again: " + flags);
    }

    /** The run's lines between the mail count and the outcome: one per entry, then the totals (hints left out). */
    private void assertLines(CliRun run, String... expected) {
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        List<String> lines = new ArrayList<>(run.out().lines().toList());
        lines.remove(0);
        lines.remove(lines.size() - 1);
        lines.removeIf(line -> line.startsWith("hint: "));
        assertEquals(Arrays.asList(expected), lines, run.out());
    }

    private String changed(String email, String status) {
        String row = original.lines().filter(l -> l.startsWith(email + ",")).findFirst().orElseThrow();
        return original.replace(row, row.replace(",subscribed,", "," + status + ","));
    }

    private static String pad(String address) {
        return String.format("%-32s ", address);
    }

    private CliRun unsubscribes(String... more) {
        List<String> args = new ArrayList<>(List.of("unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString(), "--timeout", "10",
                "--ledger", ledger.toString()));
        args.addAll(List.of(more));
        return CliRun.withEnv(UnsubscribeMailbox.env(), args.toArray(String[]::new));
    }
}
