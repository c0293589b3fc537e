/**
 * The reader's side, {@code tidings serve}: the signup form with double opt-in, the confirmation
 * mail, one-click unsubscribe (RFC 8058) and its page, the archive's files; on Jetty 12, behind a
 * TLS proxy. Acknowledged events go through {@code subscribers.ListEvents}; mail leaves through
 * {@code mail.MailConnector}; pages are the theme's. May use digest, subscribers, render, mail,
 * mail.mime and preview (its header deadline and listen-failure message).
 */
package dev.tidings.serve;
