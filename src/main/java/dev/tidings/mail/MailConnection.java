package dev.tidings.mail;

import dev.tidings.mail.mime.OutgoingMessage;

/** One open session with a relay, used by one sending thread at a time. */
public interface MailConnection extends AutoCloseable {
    /**
     * Delivers one message; returns the server's final reply (250 ...).
     *
     * @throws SmtpFailure when the server refused it or the connection failed
     */
    String send(OutgoingMessage message) throws SmtpFailure;

    /** The relay's greeting as one line (a catcher such as Mailpit or GreenMail names itself there). */
    default String greeting() {
        return "";
    }

    /** Whether the session can carry another message (false after a dropped connection or 421). */
    boolean usable();

    @Override
    void close();
}
