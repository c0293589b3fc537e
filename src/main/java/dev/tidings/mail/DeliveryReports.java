package dev.tidings.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

import java.io.IOException;
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
 */
final class DeliveryReports {
    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    private DeliveryReports() {
    }

    /** Whether the mail is a delivery status notification (a multipart/report of type delivery-status). */
    static boolean isReport(Part mail) throws MessagingException {
        if (!mail.isMimeType("multipart/report")) {
            return false;
        }
        String type = new ContentType(mail.getContentType()).getParameter("report-type");
        return type == null || type.toLowerCase(Locale.ROOT).endsWith("delivery-status");
    }

    /** The recipients' statuses; empty when the report has no delivery-status part. */
    static List<RecipientStatus> read(Part report) throws MessagingException, IOException {
        MimeMultipart parts = new MimeMultipart(report.getDataHandler().getDataSource());
        List<RecipientStatus> statuses = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            boolean global = part.isMimeType("message/global-delivery-status");
            if (part.isMimeType("message/delivery-status") || global) {
                DeliveryStatus status = new DeliveryStatus(part.getInputStream());
                for (int r = 0; r < status.getRecipientDSNCount(); r++) {
                    statuses.add(recipient(status.getRecipientDSN(r), global));
                }
            }
        }
        return statuses;
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
