package dev.tidings.inbox;

import dev.tidings.mail.RecipientStatus;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads delivery status notifications: {@code multipart/report; report-type=delivery-status}
 * (RFC 6522) whose {@code message/delivery-status} part (RFC 3464) holds a block of fields per
 * recipient. Angus Mail's {@link DeliveryStatus} splits the blocks; the fields are read here.
 *
 * <pre>
 * multipart/report; report-type=delivery-status
 *   text/plain                  what a person reads ("I'm sorry to have to inform you...")
 *   message/delivery-status     Reporting-MTA: ...            (per message)
 *                               Final-Recipient: rfc822; a@b  (per recipient: Action, Status, ...)
 *   message/rfc822 | text/rfc822-headers   the returned message
 * </pre>
 *
 * The multipart is opened from its data source rather than with {@code getContent()}, so that
 * what it yields does not depend on which mailcap files are on the class path.
 *
 * <p>Anyone can write such a mail, so what is read here is only a claim: a mail counts as a report
 * only with the shape RFC 6522 and RFC 3464 require (the report-type parameter and a
 * delivery-status part), and the Message-ID of the returned message is kept for the sweep to look
 * up in the send ledger (see {@code BounceCheck}).
 */
final class DeliveryReports {
    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    private DeliveryReports() {
    }

    /** Returned headers read to find the Message-ID: more than any real header, less than a whole returned message. */
    private static final int RETURNED_HEADERS_LIMIT = 64 * 1024;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    /**
     * What a report says: the recipients' statuses, the Message-ID of the message it returns
     * (null when it returns none), why it is not a well-formed delivery report (null when it is),
     * and RFC 3464's Original-Envelope-Id (null without one).
     */
    record Report(List<RecipientStatus> statuses, String returnedMessageId, String problem, String envelopeId) {
        Report {
            statuses = List.copyOf(statuses);
        }
    }

    /**
     * Whether the mail presents itself as a delivery status notification: a multipart/report of
     * type delivery-status, or of no type at all (malformed, and read to say so). Other reports,
     * read receipts (disposition-notification) and the like, are not.
     */
    static boolean isReport(Part mail) throws MessagingException {
        if (!mail.isMimeType("multipart/report")) {
            return false;
        }
        String type = reportType(mail);
        return type == null || isDeliveryStatus(type);
    }

    /** The report: statuses of the delivery-status part, the returned Message-ID, and what is wrong with its shape. */
    static Report read(Part report) throws MessagingException, IOException {
        MimeMultipart parts = new MimeMultipart(report.getDataHandler().getDataSource());
        List<RecipientStatus> statuses = new ArrayList<>();
        boolean statusPart = false;
        String messageId = null;
        String envelopeId = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            boolean global = part.isMimeType("message/global-delivery-status");
            if (part.isMimeType("message/delivery-status") || global) {
                statusPart = true;
                DeliveryStatus status = new DeliveryStatus(part.getInputStream());
                if (envelopeId == null) {
                    envelopeId = status.getMessageDSN().getHeader("Original-Envelope-Id", " ");
                }
                for (int r = 0; r < status.getRecipientDSNCount(); r++) {
                    statuses.add(recipient(status.getRecipientDSN(r), global));
                }
            } else if (messageId == null && isReturnedMessage(part)) {
                messageId = returnedMessageId(part);
            }
        }
        String problem = reportType(report) == null
                ? "not a delivery report: its multipart/report has no report-type=delivery-status (RFC 6522, RFC 3464)"
                : !statusPart ? "not a delivery report: it has no message/delivery-status part (RFC 3464)" : null;
        return new Report(statuses, messageId, problem, envelopeId);
    }

    private static String reportType(Part mail) throws MessagingException {
        String type = new ContentType(mail.getContentType()).getParameter("report-type");
        return type == null || type.isBlank() ? null : type.strip().toLowerCase(Locale.ROOT);
    }

    /** RFC 3464's type, and RFC 6533's for reports of internationalised mail. */
    private static boolean isDeliveryStatus(String reportType) {
        return reportType.equals("delivery-status") || reportType.equals("global-delivery-status");
    }

    /** RFC 3464's third part: the whole message or its headers (RFC 6533's global forms too). */
    private static boolean isReturnedMessage(Part part) throws MessagingException {
        return part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")
                || part.isMimeType("message/global-headers") || part.isMimeType("message/global");
    }

    /** The Message-ID in the returned headers, as {@code <id>}; null when there is none. */
    private static String returnedMessageId(Part part) throws MessagingException, IOException {
        byte[] head;
        try (InputStream in = part.getInputStream()) {
            head = in.readNBytes(RETURNED_HEADERS_LIMIT);
        }
        String value = new InternetHeaders(new ByteArrayInputStream(head)).getHeader("Message-ID", null);
        if (value == null) {
            return null;
        }
        Matcher id = MESSAGE_ID.matcher(MimeUtility.unfold(value));
        return id.find() ? id.group() : null;
    }

    private static RecipientStatus recipient(InternetHeaders fields, boolean global) {
        String original = address(field(fields, "Original-Recipient", global));
        String address = original != null ? original : address(field(fields, "Final-Recipient", global));
        String action = firstWord(field(fields, "Action", global)).toLowerCase(Locale.ROOT);
        Matcher status = STATUS.matcher(field(fields, "Status", global));
        String diagnostic = field(fields, "Diagnostic-Code", global).replaceAll("\\s+", " ").strip();
        return new RecipientStatus(address, action, status.find() ? status.group() : "", diagnostic);
    }

    /** One field, unfolded; "" when absent. RFC 6533's global reports carry UTF-8, which the header parser reads as Latin-1. */
    private static String field(InternetHeaders fields, String name, boolean global) {
        String value = fields.getHeader(name, " ");
        if (value == null) {
            return "";
        }
        value = MimeUtility.unfold(value).strip();
        return global ? new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : value;
    }

    /** "rfc822; a@example.org" (or RFC 6533's "utf-8; ...") to the address; null for other address types. */
    private static String address(String value) {
        int semicolon = value.indexOf(';');
        if (semicolon < 0) {
            return null;
        }
        String type = value.substring(0, semicolon).strip().toLowerCase(Locale.ROOT);
        String address = value.substring(semicolon + 1).strip();
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1).strip();
        }
        return (type.equals("rfc822") || type.equals("utf-8")) && address.indexOf('@') > 0 ? address : null;
    }

    private static String firstWord(String value) {
        String[] words = value.split("[\\s(;]+", 2);
        return words.length == 0 ? "" : words[0];
    }
}
