package dev.tidings.mail;

/** Opens connections to a mail relay: the seam between the send loop and SMTP. */
public interface MailConnector {
    MailConnection open() throws SmtpFailure;

    /** The relay as it should appear in messages, without credentials. */
    String describe();
}
