package dev.tidings.inbox;

import dev.tidings.mail.RecipientStatus;
import dev.tidings.render.UnsubscribeSubject;
import jakarta.mail.Address;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail of the mailbox as tidings reads it: who sent it, and what it asks for, if anything.
 *
 * @param uid               its IMAP UID, which stays the same across sessions (RFC 3501 2.3.1.1)
 * @param from              the sender's address (From), or null when it has none that parses
 * @param subject           the subject, decoded; "" when there is none
 * @param kind              a request, a delivery report, or anything else (left alone)
 * @param request           the unsubscribe request, for {@link Kind#UNSUBSCRIBE_REQUEST}
 * @param statuses          the recipients' statuses, for {@link Kind#DELIVERY_REPORT}
 * @param returnedMessageId the Message-ID of the message a delivery report returns, or null
 * @param authentication    its Authentication-Results fields (RFC 8601), top first, as written
 * @param problem           why a delivery report could not be read or is not one, or null
 * @param bounceTokens      the tokens of the VERP bounce addresses it was delivered to (lower case); empty when none
 * @param textStatus        for a mail to a VERP address without statuses to read: the status code its text gives, or null
 */
public record ReceivedMail(long uid, String from, String subject, Kind kind, UnsubscribeSubject request,
                           List<RecipientStatus> statuses, String returnedMessageId, List<String> authentication, String problem,
                           List<String> bounceTokens, String textStatus, boolean autoSubmitted) {
    public ReceivedMail {
        statuses = List.copyOf(statuses);
        authentication = List.copyOf(authentication);
        bounceTokens = List.copyOf(bounceTokens);
    }

    public enum Kind { UNSUBSCRIBE_REQUEST, DELIVERY_REPORT, OTHER }

    /** Reads what tidings needs of a mail: its sender, subject, and what it asks for. */
    static ReceivedMail read(long uid, Message mail) throws MessagingException {
        String from = sender(mail);
        String subject = mail.getSubject() == null ? "" : mail.getSubject();
        String[] fields = mail.getHeader("Authentication-Results");
        List<String> authentication = fields == null ? List.of() : List.of(fields);
        List<String> tokens = VerpReports.tokens(mail);
        boolean auto = autoSubmitted(mail);
        try {
            if (DeliveryReports.isReport(mail)) {
                DeliveryReports.Report report = DeliveryReports.read(mail);
                if (!report.statuses().isEmpty() || report.problem() != null || !tokens.isEmpty()) {
                    List<String> all = new ArrayList<>(tokens);
                    VerpReports.tokensIn(report.envelopeId()).stream().filter(t -> !all.contains(t)).forEach(all::add);
                    String text = !all.isEmpty() && report.statuses().isEmpty() ? VerpReports.textStatus(mail) : null;
                    return new ReceivedMail(uid, from, subject, Kind.DELIVERY_REPORT, null, report.statuses(),
                            report.returnedMessageId(), authentication, report.problem(), all, text, auto);
                }
            }
            if (!tokens.isEmpty()) {
                // Sent to a bounce address of ours, yet no report: a bounce in prose (a mangled or old-style MTA), or an auto-reply.
                return new ReceivedMail(uid, from, subject, Kind.DELIVERY_REPORT, null, List.of(), null, authentication,
                        "not a delivery report: it has no message/delivery-status part (RFC 3464)", tokens, VerpReports.textStatus(mail), auto);
            }
            UnsubscribeSubject request = UnsubscribeRequests.read(subject, mail);
            return new ReceivedMail(uid, from, subject, request == null ? Kind.OTHER : Kind.UNSUBSCRIBE_REQUEST, request, List.of(),
                    null, authentication, null, List.of(), null, auto);
        } catch (IOException | MessagingException e) {
            MessagingException closed = connectionLost(e);
            if (closed != null) {
                throw closed; // no further mail can be read: stop the run, rather than call each mail broken
            }
            // A malformed report or body: say so once, rather than stop the whole run on one broken mail.
            Kind kind = mail.isMimeType("multipart/report") || !tokens.isEmpty() ? Kind.DELIVERY_REPORT : Kind.OTHER;
            String problem = (kind == Kind.DELIVERY_REPORT ? "a delivery report" : "a mail") + " that cannot be read ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            return new ReceivedMail(uid, from, subject, kind, null, List.of(), null, authentication, problem, tokens,
                    tokens.isEmpty() ? null : textStatusQuietly(mail), auto);
        }
    }

    /**
     * Whether a program sent the mail, by RFC 3834's {@code Auto-Submitted} (any value but "no"):
     * vacation and out-of-office replies carry it, and RFC 3834 3.1.7 sends them to the envelope
     * sender, so a VERP bounce address receives them; with no failure stated they are no bounce.
     */
    private static boolean autoSubmitted(Message mail) throws MessagingException {
        String[] values = mail.getHeader("Auto-Submitted");
        if (values == null) {
            return false;
        }
        for (String value : values) {
            String keyword = value.strip().toLowerCase(java.util.Locale.ROOT);
            int end = keyword.indexOf(';');
            if (!(end < 0 ? keyword : keyword.substring(0, end).strip()).equals("no")) {
                return true;
            }
        }
        return false;
    }

    /** The status in a broken bounce's text, if its text can be read at all. */
    private static String textStatusQuietly(Message mail) {
        try {
            return VerpReports.textStatus(mail);
        } catch (IOException | MessagingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The folder or store closing under the read (the server hung up, or the connection was dropped
     * at a deadline), or null. A body read throws it wrapped in an IOException.
     */
    private static MessagingException connectionLost(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FolderClosedException || t instanceof StoreClosedException) {
                return (MessagingException) t;
            }
        }
        return null;
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
