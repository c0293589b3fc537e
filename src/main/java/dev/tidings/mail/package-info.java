/**
 * What a send is, and the seams it needs: its settings ({@link dev.tidings.mail.SendOptions}),
 * what it finds and leaves ({@link dev.tidings.mail.Survey}, {@link dev.tidings.mail.SendReport},
 * the one place an outcome becomes an exit code; {@link dev.tidings.mail.StopReason}), and the
 * interfaces at its I/O edges: {@link dev.tidings.mail.Ledger} and {@link dev.tidings.mail.LedgerStore}
 * (what a send remembers), {@link dev.tidings.mail.MailConnector} and
 * {@link dev.tidings.mail.MailConnection} (the relay), with the failures they report
 * ({@link dev.tidings.mail.SmtpFailure}).
 *
 * <p>How a send runs is {@code mail.loop}; the implementations are {@code mail.smtp} and
 * {@code mail.ledger}. Splitting the contract from the loop keeps the implementations from seeing
 * the loop's workings (they depend on this room only), and keeps each room small enough to read.
 */
package dev.tidings.mail;
