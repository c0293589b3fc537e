package dev.tidings.mail;

/** Opens connections to a mail relay: the seam between the send loop and SMTP. */
public interface MailConnector {
    MailConnection open() throws SmtpFailure;

    /** The relay as it should appear in messages, without credentials. */
    String describe();

    /** The relay as the ledger records it beside each delivery: scheme, host and port, never a user or password. */
    default String relay() {
        return describe();
    }
}
