/**
 * The send ledger in SQLite: {@link dev.tidings.mail.ledger.SqliteLedger} implements the send loop's
 * {@code Ledger} (WAL, one short transaction per recipient), and the lock that keeps two sends off
 * one ledger ({@link dev.tidings.mail.ledger.LedgerLock}). Depends on {@code mail} only: another store
 * is another package beside this one.
 */
package dev.tidings.mail.ledger;
