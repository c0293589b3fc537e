package dev.tidings.mail;

import dev.tidings.render.UnsubscribeSubject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.util.List;

/**
 * One mail of the mailbox as tidings reads it: who sent it, and what it asks for, if anything.
 *
 * @param uid      its IMAP UID, which stays the same across sessions (RFC 3501 2.3.1.1)
 * @param from     the sender's address (From), or null when it has none that parses
 * @param subject  the subject, decoded; "" when there is none
 * @param kind     a request, a delivery report, or anything else (left alone)
 * @param request  the unsubscribe request, for {@link Kind#UNSUBSCRIBE_REQUEST}
 * @param statuses the recipients' statuses, for {@link Kind#DELIVERY_REPORT}
 * @param problem  why a delivery report could not be read, or null
 */
public record ReceivedMail(long uid, String from, String subject, Kind kind, UnsubscribeSubject request,
                           List<RecipientStatus> statuses, String problem) {
    public ReceivedMail {
        statuses = List.copyOf(statuses);
    }

    public enum Kind { UNSUBSCRIBE_REQUEST, DELIVERY_REPORT, OTHER }

    /** Reads what tidings needs of a mail: its sender, subject, and what it asks for. */
    static ReceivedMail read(long uid, Message mail) throws MessagingException {
        String from = sender(mail);
        String subject = mail.getSubject() == null ? "" : mail.getSubject();
        try {
            if (DeliveryReports.isReport(mail)) {
                List<RecipientStatus> statuses = DeliveryReports.read(mail);
                if (!statuses.isEmpty()) {
                    return new ReceivedMail(uid, from, subject, Kind.DELIVERY_REPORT, null, statuses, null);
                }
            }
            UnsubscribeSubject request = UnsubscribeRequests.read(subject, mail);
            return request == null ? new ReceivedMail(uid, from, subject, Kind.OTHER, null, List.of(), null)
                    : new ReceivedMail(uid, from, subject, Kind.UNSUBSCRIBE_REQUEST, request, List.of(), null);
        } catch (IOException | MessagingException e) {
            if (e instanceof jakarta.mail.FolderClosedException || e instanceof jakarta.mail.StoreClosedException) {
                throw (MessagingException) e;
            }
            // A malformed report or body: say so once, rather than stop the whole run on one broken mail.
            Kind kind = mail.isMimeType("multipart/report") ? Kind.DELIVERY_REPORT : Kind.OTHER;
            return new ReceivedMail(uid, from, subject, kind, null, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String sender(Message mail) {
        try {
            Address[] from = mail.getFrom();
            return from != null && from.length > 0 && from[0] instanceof InternetAddress address ? address.getAddress() : null;
        } catch (MessagingException e) {
            return null;
        }
    }
}
