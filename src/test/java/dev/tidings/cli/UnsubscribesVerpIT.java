package dev.tidings.cli;

import dev.tidings.Deadlines;
import dev.tidings.render.BounceToken;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, part 2: VERP. The sample issue goes out through GreenMail's SMTP with
 * {@code bounce_address: bounces+{token}@trainingzone.example}; the bounces a receiving server then
 * files in the IMAP mailbox carry the envelope sender they were returned to (Delivered-To, To), as
 * Postfix and Dovecot write them. {@code tidings unsubscribes} must bounce exactly the right rows:
 * from a whole RFC 3464 report, from a mangled one (prose only, no Message-ID, token upper-cased by
 * an MTA), from a report of the address a subscriber forwards to, and not from a forged token; a
 * report of a message that only its Message-ID ties to the ledger still counts as before.
 */
class UnsubscribesVerpIT {
    private static final Pattern RETURN_PATH = Pattern.compile("bounces\\+([a-z2-7]{24})@trainingzone\\.example");
    private static final String BOUNDARY = "A1B2C3D4E5.1789462300/mx.trainingzone.example";

    @TempDir
    Path dir;

    private UnsubscribeMailbox mailbox;
    private Path list;
    private Path ledger;

    @BeforeEach
    void sendTheIssueWithVerp() throws Exception {
        mailbox = new UnsubscribeMailbox();
        SendFixture project = new SendFixture(dir);
        String digest = Files.readString(project.digest());
        Files.writeString(project.digest(), digest.replace("  reply_to: editor@trainingzone.example\n",
                "  reply_to: editor@trainingzone.example\n  bounce_address: bounces+{token}@trainingzone.example\n"));
        CliRun sent = project.send(SendFixture.SAMPLE_LIST, "--smtp", "smtp://127.0.0.1:" + mailbox.smtpPort(), "--yes");
        assertEquals(0, sent.exitCode(), sent.all());
        list = Files.copy(SendFixture.SAMPLE_LIST, dir.resolve("list.csv"));
        ledger = mailbox.ledgerOfWhatArrived(dir.resolve("ledger.db"), SendFixture.ISSUE);
    }

    @AfterEach
    void stop() {
        mailbox.close();
    }

    @Test
    void eachBounceToItsTokenBouncesExactlyItsRecipientAndAForgedTokenNothing() throws Exception {
        String michael = "michael.rose@example.com";
        String nic = "nic.laycock@example.net";
        String clark = "clark.quinn@example.org";
        String karl = "karl.moore@example.com";
        String jane = "jane.bozarth@example.org";
        // 1. A whole RFC 3464 report, as Postfix returns it to the VERP address.
        mailbox.deliver(report(verpOf(michael), michael, mailbox.messageIdOf(michael), michael));
        // 2. Mangled: prose only, no delivery-status part, no Message-ID; an MTA upper-cased the local part.
        mailbox.deliver(prose(verpOf(nic).toUpperCase(Locale.ROOT), nic));
        // 3. Forwarded: the report names where clark's mail was forwarded, not clark.
        mailbox.deliver(report(verpOf(clark), "clark@elsewhere.example", mailbox.messageIdOf(clark), clark));
        // 4. Forged: karl's token with one character changed, in a report naming karl.
        mailbox.deliver(report(altered(verpOf(karl)), karl, null, karl));
        // 5. The old path: a report to the plain address, tied to jane by its returned Message-ID alone.
        mailbox.deliver(report(UnsubscribeMailbox.ADDRESS, jane, mailbox.messageIdOf(jane), jane));

        CliRun run = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString(),
                "--timeout", Deadlines.secondsOption(10), "--ledger", ledger.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        String out = run.out();
        assertTrue(out.contains("  bounced       " + michael + "         hard bounce 5.1.1 of social-learning-2, by its bounce address:"), out);
        assertTrue(out.contains("  bounced       " + nic + "          hard bounce 5.1.1 of social-learning-2, by its bounce address,"
                + " read from the report's text (it has no delivery-status part to read)"), out);
        assertTrue(out.contains("  bounced       " + clark + "          hard bounce 5.1.1 of social-learning-2, by its bounce address"
                + " (reported for clark@elsewhere.example, where it was forwarded)"), out);
        assertTrue(out.contains("unattributed: the bounce address token " + altered(verpOf(karl)).substring(8, 32)
                + " does not verify (forged, altered, made with another TIDINGS_SECRET, or of another ledger); not acted on"), out);
        assertTrue(out.contains("  bounced       " + jane + "         hard bounce 5.1.1 of social-learning-2:"), out);
        assertTrue(out.contains("0 unsubscribed, 4 bounced, 0 already so, 0 ignored, 1 for the editor, 0 left for a later run"), out);

        String expected = Files.readString(SendFixture.SAMPLE_LIST, StandardCharsets.UTF_8);
        for (String bounced : List.of(michael, nic, clark, jane)) {
            Matcher row = Pattern.compile("(?m)^(" + Pattern.quote(bounced) + ",[^,\\n]*,)subscribed,").matcher(expected);
            assertTrue(row.find(), bounced);
            expected = row.replaceFirst("$1bounced,");
        }
        assertEquals(expected, Files.readString(list, StandardCharsets.UTF_8), "exactly four rows bounced; karl's stays subscribed");
    }

    @Test
    void withoutTheSecretAVerpBounceIsLeftForARunWithIt() throws Exception {
        String michael = "michael.rose@example.com";
        mailbox.deliver(prose(verpOf(michael), michael));
        CliRun run = CliRun.withEnv(java.util.Map.of("TIDINGS_IMAP_PASSWORD", UnsubscribeMailbox.PASSWORD), "unsubscribes", "--imap",
                mailbox.url(), "--subscribers", list.toString(), "--timeout", Deadlines.secondsOption(10), "--ledger", ledger.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("but TIDINGS_SECRET is not set to check it; left for a run with it"), run.out());
        assertEquals(Files.readString(SendFixture.SAMPLE_LIST), Files.readString(list), "nothing changed");
    }

    /** The envelope sender the subscriber's message went out with: its Return-Path, as GreenMail (the receiving side) wrote it. */
    private String verpOf(String subscriber) throws MessagingException {
        MimeMessage received = mailbox.received(subscriber);
        String[] returnPath = received.getHeader("Return-Path");
        String address = returnPath == null ? null : new InternetAddress(returnPath[0].strip()).getAddress();
        assertTrue(address != null && RETURN_PATH.matcher(address).matches(), "Return-Path of " + subscriber + ": " + address);
        assertTrue(BounceToken.withSecret(SendFixture.SECRET).verify(address.substring(8, 32), "social-learning-2", subscriber));
        return address;
    }

    /** One character of the token changed. */
    private static String altered(String verp) {
        char c = verp.charAt(20);
        return verp.substring(0, 20) + (c == 'a' ? 'b' : 'a') + verp.substring(21);
    }

    /** A Postfix report returned to {@code to}, delivered there by Dovecot (Delivered-To), of the message to {@code originalTo}. */
    private static String report(String to, String finalRecipient, String messageId, String originalTo) {
        List<String> lines = new ArrayList<>(head(to, "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + BOUNDARY + "\""));
        lines.addAll(List.of("", "This is a MIME-encapsulated message.", "",
                "--" + BOUNDARY, "Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii", "",
                "This is the mail system at host mx.trainingzone.example.", "",
                "I'm sorry to have to inform you that your message could not", "be delivered to one or more recipients.", "",
                "--" + BOUNDARY, "Content-Description: Delivery report", "Content-Type: message/delivery-status", "",
                "Reporting-MTA: dns; mx.trainingzone.example", "X-Postfix-Queue-ID: A1B2C3D4E5",
                "X-Postfix-Sender: rfc822; " + to, "Arrival-Date: Tue, 15 Sep 2026 09:00:02 +0000 (UTC)", "",
                "Final-Recipient: rfc822; " + finalRecipient, "Action: failed", "Status: 5.1.1", "Remote-MTA: dns; mx.example.com",
                "Diagnostic-Code: smtp; 550 5.1.1 <" + finalRecipient + ">: Recipient address rejected: User unknown", "",
                "--" + BOUNDARY, "Content-Description: Undelivered Message Headers", "Content-Type: text/rfc822-headers", "",
                "From: TrainingZone <newsletter@trainingzone.example>", "To: <" + originalTo + ">"));
        if (messageId != null) {
            lines.add("Message-ID: " + messageId);
        }
        lines.addAll(List.of("Subject: Key social learning resources part 2", "", "--" + BOUNDARY + "--", ""));
        return String.join("\r\n", lines);
    }

    /** A bounce in prose, as older or misconfigured MTAs send: text/plain, the original quoted without its headers. */
    private static String prose(String to, String recipient) {
        List<String> lines = new ArrayList<>(head(to, "text/plain; charset=us-ascii"));
        lines.addAll(List.of("", "Hi. This is the qmail-send program at mx.example.net.",
                "I'm afraid I wasn't able to deliver your message to the following addresses.", "",
                "<" + recipient + ">:", "198.51.100.7 does not like recipient.",
                "Remote host said: 550 5.1.1 <" + recipient + ">... User unknown", "",
                "--- Below this line is a copy of the message.", "",
                "> Key social learning resources part 2 (version 5.2.2 of the quoted text, which must not count)", ""));
        return String.join("\r\n", lines);
    }

    /**
     * Replies that reach the VERP address without a failure: an out-of-office reply (Auto-Submitted,
     * RFC 3834 3.1.7 sends it to the envelope sender) is ignored; one a person wrote is for the editor.
     */
    @Test
    void anOutOfOfficeReplyIsIgnoredAndAPersonsReplyLeftForTheEditor() throws Exception {
        String michael = "michael.rose@example.com";
        String nic = "nic.laycock@example.net";
        mailbox.deliver(reply(verpOf(michael), michael, "Auto-Submitted: auto-replied", "I am out of the office until Monday."));
        mailbox.deliver(reply(verpOf(nic), nic, "X-Mailer: a person", "Thanks, great issue!"));

        CliRun run = CliRun.withEnv(UnsubscribeMailbox.env(), "unsubscribes", "--imap", mailbox.url(), "--subscribers", list.toString(),
                "--timeout", Deadlines.secondsOption(10), "--ledger", ledger.toString());
        assertEquals(0, run.exitCode(), run.all());
        String out = run.out();
        assertTrue(out.contains("an automatic reply (Auto-Submitted, RFC 3834) to the message to " + michael
                + " (social-learning-2) that states no failure; not acted on"), out);
        assertTrue(out.contains("a mail to the bounce address of the message to " + nic + " (social-learning-2) that states no failure;"
                + " not acted on"), out);
        assertTrue(out.contains("0 unsubscribed, 0 bounced, 0 already so, 1 ignored, 1 for the editor, 0 left for a later run"), out);
        assertEquals(Files.readString(SendFixture.SAMPLE_LIST), Files.readString(list), "nothing changed");
    }

    /** A reply in prose to a VERP address, with one extra header line. */
    private static String reply(String to, String from, String header, String text) {
        return String.join("\r\n", List.of("Return-Path: <" + from + ">", "Delivered-To: " + to, "From: <" + from + ">", "To: " + to,
                "Subject: Re: Key social learning resources part 2", "Date: Tue, 15 Sep 2026 09:05:00 +0000", header,
                "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii", "", text, ""));
    }

    private static List<String> head(String to, String contentType) {
        return List.of("Return-Path: <>", "Delivered-To: " + to, "Received: from mx.example.com by mx.trainingzone.example",
                "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)", "To: " + to,
                "Subject: Undelivered Mail Returned to Sender", "Date: Tue, 15 Sep 2026 09:05:00 +0000",
                "Auto-Submitted: auto-replied", "MIME-Version: 1.0", "Content-Type: " + contentType);
    }
}
