package dev.tidings.mail.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.util.ArrayList;
import java.util.List;

/**
 * Angus Mail's SMTP session (connection, EHLO, STARTTLS, AUTH, timeouts, reply parsing: all
 * Angus's), with its reply reader opened up so that {@link AngusSmtpConnection} can read the
 * replies to commands it wrote as one batch (RFC 2920 PIPELINING), which Angus does not do.
 */
final class PipeliningSmtpTransport extends SMTPTransport {
    /** One reply: its code (-1 when the server closed the connection) and its full text, code included. */
    record Reply(int code, String text) {
        /** A 2xx: the command was done (MAIL, RCPT, the message, RSET). */
        boolean completed() {
            return code >= 200 && code < 300;
        }
    }

    /** The server's first reply, its greeting (which names the software of many a test catcher). */
    private String greeting;

    PipeliningSmtpTransport(Session session) {
        super(session, new URLName("smtp", null, -1, null, null, null));
    }

    @Override
    protected synchronized int readServerResponse() throws MessagingException {
        int code = super.readServerResponse();
        if (greeting == null) {
            greeting = getLastServerResponse();
        }
        return code;
    }

    /** The greeting the server sent when the connection opened, or null before it has. */
    synchronized String greeting() {
        return greeting;
    }

    /** Whether the server offers a login (AUTH in its EHLO reply, or the pre-RFC 4954 "AUTH=" form Angus also takes). */
    boolean offersLogin() {
        return supportsExtension("AUTH") || supportsExtension("AUTH=LOGIN");
    }

    /** Whether the server offered PIPELINING in its EHLO reply. */
    boolean offersPipelining() {
        return supportsExtension("PIPELINING");
    }

    /**
     * The next {@code count} replies, in order. A connection that fails fails as in Angus: a
     * {@link MessagingException} with the {@code IOException} inside.
     */
    synchronized List<Reply> replies(int count) throws MessagingException {
        List<Reply> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int code = readServerResponse();
            replies.add(new Reply(code, getLastServerResponse()));
        }
        return replies;
    }
}
