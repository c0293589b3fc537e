/**
 * The editor's mailbox over IMAP ({@code tidings unsubscribes}): unsubscribe requests (RFC 2369
 * mailto, checked against the token and the receiving server's Authentication-Results) and delivery
 * reports (RFC 3464 bounces, matched to the ledger by Message-ID), each turned into one decision
 * ({@link dev.tidings.inbox.MailboxSweep}) and applied to the subscriber list. Reads its mailbox with
 * deadlines on every read ({@link dev.tidings.inbox.ImapDeadlines}). Depends on {@code mail} and its
 * rooms for the ledger, the secret and the connection settings it shares with SMTP.
 */
package dev.tidings.inbox;
