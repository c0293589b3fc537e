/**
 * The send loop: {@link dev.tidings.mail.loop.SendJob} plans the list against the ledger
 * ({@link dev.tidings.mail.loop.RecipientPlanner}), renders ahead on its own thread, and has a
 * {@link dev.tidings.mail.loop.Dispatcher} run one {@link dev.tidings.mail.loop.Worker} per
 * connection. The rule that makes a send exactly-once (SENDING committed before DATA, SENT only after
 * the 250) is kept in one place, {@link dev.tidings.mail.loop.Claims}; what becomes of each recipient,
 * and the breakers that stop a run going wrong, in {@link dev.tidings.mail.loop.Outcomes}. Rate,
 * back-off and the daily quota are here too; time comes from a {@link java.time.Clock}.
 *
 * <p>It talks to the outside only through the interfaces of {@code mail}, so its unit tests run it
 * against an in-memory ledger and a scripted relay in milliseconds.
 */
package dev.tidings.mail.loop;
