package dev.tidings.inbox;

import dev.tidings.mail.RecipientStatus;
import dev.tidings.render.UnsubscribeSubject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading mails as the unsubscribe mailbox receives them: requests in their many shapes, delivery reports, and the rest. */
class ReceivedMailTest {
    private static final String TOKEN = "QJIlzw6OyPRf6c5SeRcOUf-riq9uLaAH0Fb3ckPFiXA";

    @Test
    void theMailtoSubjectGivesTheAddressAndTheToken() throws Exception {
        ReceivedMail mail = read("From: Zoe <zoe@home.example>\nSubject: unsubscribe zoe.martin@example.org " + TOKEN + "\n\nsent by Gmail\n");
        assertEquals(ReceivedMail.Kind.UNSUBSCRIBE_REQUEST, mail.kind());
        assertEquals(new UnsubscribeSubject("zoe.martin@example.org", TOKEN), mail.request());
        assertEquals("zoe@home.example", mail.from());
    }

    @Test
    void replyPrefixesInTheSubjectAreSkipped() throws Exception {
        for (String subject : List.of("Re: unsubscribe", "AW: Unsubscribe", "RE: Fwd: unsubscribe", "Re[2]: UNSUBSCRIBE please", "SV:unsubscribe")) {
            ReceivedMail mail = read("From: karl.moore@example.com\nSubject: " + subject + "\n\nthanks\n");
            assertEquals(new UnsubscribeSubject(null, null), mail.request(), subject);
        }
    }

    @Test
    void aReplyIsARequestWhenItsOwnFirstLineSaysSoNotWhenOnlyTheQuoteDoes() throws Exception {
        ReceivedMail request = read("From: karl.moore@example.com\nSubject: Re: Key social learning resources part 2\n\n"
                + "\n  Please unsubscribe me.\n\nOn Tue, TrainingZone wrote:\n> Unsubscribe: <https://trainingzone.example/u>\n");
        assertEquals(ReceivedMail.Kind.UNSUBSCRIBE_REQUEST, request.kind());
        ReceivedMail other = read("From: clark.quinn@example.org\nSubject: Re: Key social learning resources part 2\n\n"
                + "> unsubscribe\n> Unsubscribe: <https://trainingzone.example/u>\nGreat issue!\n");
        assertEquals(ReceivedMail.Kind.OTHER, other.kind());
        assertNull(other.request());
    }

    @Test
    void aTokenInTheBodyIsFoundWhenTheSubjectHasNone() throws Exception {
        ReceivedMail mail = read("From: zoe@home.example\nSubject: unsubscribe\n\nunsubscribe zoe.martin@example.org " + TOKEN + "\n");
        assertEquals(new UnsubscribeSubject("zoe.martin@example.org", TOKEN), mail.request());
    }

    @Test
    void anHtmlOnlyReplyIsReadByItsFirstBlockQuotedPartsLeftOut() throws Exception {
        ReceivedMail request = read("From: karl.moore@example.com\nSubject: Re: Key social learning\nMIME-Version: 1.0\n"
                + "Content-Type: text/html; charset=UTF-8\n\n<html><head><style>p{}</style></head><body><div dir=\"ltr\">Unsubscribe</div><br>"
                + "<div class=\"gmail_quote\"><blockquote>Key social learning</blockquote></div></body></html>\n");
        assertEquals(ReceivedMail.Kind.UNSUBSCRIBE_REQUEST, request.kind());
        ReceivedMail other = read("From: clark.quinn@example.org\nSubject: Re: Key social learning\nMIME-Version: 1.0\n"
                + "Content-Type: text/html; charset=UTF-8\n\n<p>Great issue!</p><blockquote><p>unsubscribe</p></blockquote>\n");
        assertEquals(ReceivedMail.Kind.OTHER, other.kind());
    }

    @Test
    void theTextPartOfAnAlternativeIsReadInAnyCharset() throws Exception {
        ReceivedMail mail = read("From: sofia.muller@example.de\nSubject: =?ISO-8859-1?Q?Re=3A_K=FCndigung?=\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=ISO-8859-1\n"
                + "Content-Transfer-Encoding: quoted-printable\n\nunsubscribe, sch=F6nen Dank\n--b\nContent-Type: text/html\n\n<p>x</p>\n--b--\n");
        assertEquals(ReceivedMail.Kind.UNSUBSCRIBE_REQUEST, mail.kind());
        assertEquals("Re: Kündigung", mail.subject());
    }

    @Test
    void aPostfixDeliveryReportGivesTheOriginalRecipientActionStatusAndDiagnostic() throws Exception {
        ReceivedMail mail = read(report("Final-Recipient: rfc822; forwarded@elsewhere.example\nOriginal-Recipient: rfc822;michael.rose@example.com\n"
                + "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <forwarded@elsewhere.example>:\n Recipient address rejected\n"));
        assertEquals(ReceivedMail.Kind.DELIVERY_REPORT, mail.kind());
        RecipientStatus status = mail.statuses().get(0);
        assertEquals(new RecipientStatus("michael.rose@example.com", "failed", "5.1.1",
                "smtp; 550 5.1.1 <forwarded@elsewhere.example>: Recipient address rejected"), status);
        assertTrue(status.isHardBounce());
    }

    @Test
    void severalRecipientsAreEachClassified() throws Exception {
        ReceivedMail mail = read(report("Final-Recipient: rfc822; <a@example.org>\nAction: failed\nStatus: 5.2.1 (mailbox disabled)\n\n"
                + "Final-Recipient: rfc822; b@example.org\nAction: failed\nStatus: 5.7.1\n\n"
                + "Final-Recipient: rfc822; c@example.org\nAction: delayed\nStatus: 4.4.7\n\n"
                + "Final-Recipient: rfc822; d@example.org\nAction: delivered\nStatus: 2.0.0\n\n"
                + "Final-Recipient: x400; /C=US/O=Old/\nAction: failed\nStatus: 5.1.1\n"));
        List<RecipientStatus> statuses = mail.statuses();
        assertEquals(5, statuses.size());
        assertEquals("a@example.org", statuses.get(0).address());
        assertTrue(statuses.get(0).isHardBounce(), "5.2.1: the mailbox is disabled");
        assertTrue(statuses.get(1).isOtherPermanentFailure() && !statuses.get(1).isHardBounce(), "5.7.1 refuses the message, not the address");
        assertTrue(statuses.get(2).isSoftBounce());
        assertFalse(statuses.get(3).isHardBounce() || statuses.get(3).isSoftBounce() || statuses.get(3).isOtherPermanentFailure());
        assertNull(statuses.get(4).address(), "an X.400 address is no subscriber's");
    }

    @Test
    void aGlobalDeliveryReportCarriesUtf8Addresses() throws Exception {
        String raw = report("Final-Recipient: utf-8; zoë@exämple.org\nAction: failed\nStatus: 5.1.1\n")
                .replace("message/delivery-status", "message/global-delivery-status");
        assertEquals("zoë@exämple.org", read(raw).statuses().get(0).address());
    }

    @Test
    void otherReportsAndUnreadableReportsAreToldApart() throws Exception {
        ReceivedMail receipt = read(report("Final-Recipient: rfc822; a@example.org\nDisposition: manual-action/MDN-sent-manually; displayed\n")
                .replace("report-type=delivery-status", "report-type=disposition-notification")
                .replace("message/delivery-status", "message/disposition-notification"));
        assertEquals(ReceivedMail.Kind.OTHER, receipt.kind(), "a read receipt is no bounce");
        ReceivedMail broken = read(report("Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n").replace("--r", "--q"));
        assertEquals(ReceivedMail.Kind.DELIVERY_REPORT, broken.kind());
        assertNotNull(broken.problem());
    }

    @Test
    void aMultipartReportWithoutReportTypeOrStatusPartIsNoDeliveryReport() throws Exception {
        ReceivedMail untyped = read(report("Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n")
                .replace("report-type=delivery-status; ", ""));
        assertEquals(ReceivedMail.Kind.DELIVERY_REPORT, untyped.kind());
        assertEquals("not a delivery report: its multipart/report has no report-type=delivery-status (RFC 6522, RFC 3464)", untyped.problem());
        assertEquals("a@example.org", untyped.statuses().get(0).address(), "what it claims is kept, for the report");
        ReceivedMail statusless = read(report("Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n")
                .replace("Content-Type: message/delivery-status", "Content-Type: text/plain"));
        assertEquals(ReceivedMail.Kind.DELIVERY_REPORT, statusless.kind());
        assertEquals("not a delivery report: it has no message/delivery-status part (RFC 3464)", statusless.problem());
        assertNull(read(report("Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n")).problem());
    }

    @Test
    void theReturnedMessageIdIsReadFromTheHeadersOrTheWholeMessage() throws Exception {
        String fields = "Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n";
        ReceivedMail headers = read(report(fields).replace("Subject: Key social", "Message-ID:\n  <issue-2.abc7@news.example>\nSubject: Key social"));
        assertEquals("<issue-2.abc7@news.example>", headers.returnedMessageId(), "folded, as long ones are");
        ReceivedMail whole = read(report(fields).replace("Content-Type: text/rfc822-headers\n\nSubject: Key social learning resources part 2\n",
                "Content-Type: message/rfc822\n\nMessage-ID: <issue-2.abc8@news.example>\nSubject: Key social\n\nThe body.\n"));
        assertEquals("<issue-2.abc8@news.example>", whole.returnedMessageId());
        assertNull(read(report(fields)).returnedMessageId(), "returned headers without one");
    }

    @Test
    void authenticationResultsAreKeptTopFirst() throws Exception {
        ReceivedMail mail = read("Authentication-Results: mx.example.org; dkim=pass header.d=example.com\nReceived: from x by mx.example.org\n"
                + "Authentication-Results: mx.example.org; dkim=fail\nFrom: karl.moore@example.com\nSubject: unsubscribe\n\nthanks\n");
        assertEquals(List.of("mx.example.org; dkim=pass header.d=example.com", "mx.example.org; dkim=fail"), mail.authentication());
    }

    private static String report(String recipientFields) {
        return "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\n"
                + "Your message could not be delivered.\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
                + recipientFields + "\n--r\nContent-Type: text/rfc822-headers\n\nSubject: Key social learning resources part 2\n\n--r--\n";
    }

    private static final String VERP_TOKEN = "abcdefghijklmnopqrstuvwx";

    @Test
    void aMailToAVerpAddressIsABounceWithItsTokenWhateverItsShape() throws Exception {
        ReceivedMail prose = read("Delivered-To: bounces+" + VERP_TOKEN.toUpperCase(java.util.Locale.ROOT) + "@example.org\n"
                + "From: MAILER-DAEMON@mx.example.net\nTo: bounces+" + VERP_TOKEN + "@example.org\nSubject: failure notice\n\n"
                + "<reader@example.net>:\nRemote host said: 550-5.1.1 The email account that you tried to reach does not exist.\n");
        assertEquals(ReceivedMail.Kind.DELIVERY_REPORT, prose.kind());
        assertEquals(List.of(VERP_TOKEN), prose.bounceTokens(), "found in any case, once");
        assertEquals("5.1.1", prose.textStatus());
        ReceivedMail plain = read("From: MAILER-DAEMON@mx.example.net\nTo: bounces@example.org\nSubject: failure notice\n\n550 5.1.1 gone\n");
        assertEquals(ReceivedMail.Kind.OTHER, plain.kind(), "no token: not ours to read as a bounce");
        assertEquals(List.of(), plain.bounceTokens());
    }

    @Test
    void aStatusInProseCountsOnlyWhereMtasWriteOne() throws Exception {
        String head = "To: bounces+" + VERP_TOKEN + "@example.org\nSubject: x\n\n";
        assertEquals("5.1.1", read(head + "Sorry, no mailbox here by that name. (#5.1.1)\n").textStatus(), "qmail");
        assertEquals("5.1.2", read(head + "Status: 5.1.2\nAction: failed\n").textStatus(), "fields given as text");
        assertEquals("4.4.1", read(head + "host said: 451 4.4.1 try later\n").textStatus());
        assertNull(read(head + "Our new release is version 5.1.1, out today.\n").textStatus(), "a bare number is not a status");
        assertNull(read(head + "I am away until Monday.\n").textStatus(), "an auto-reply");
    }

    @Test
    void anEnvelopeIdOfAReportCarriesItsToken() throws Exception {
        ReceivedMail report = read("From: MAILER-DAEMON@mx.example.net\nTo: editor@example.org\nSubject: x\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nfailed\n"
                + "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\nOriginal-Envelope-Id: " + VERP_TOKEN
                + "\n\nFinal-Recipient: rfc822; reader@example.net\nAction: failed\nStatus: 5.1.1\n\n--b--\n");
        assertEquals(List.of(VERP_TOKEN), report.bounceTokens());
        assertEquals("5.1.1", report.statuses().get(0).status());
    }

    private static ReceivedMail read(String raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        return ReceivedMail.read(7, message);
    }
}
