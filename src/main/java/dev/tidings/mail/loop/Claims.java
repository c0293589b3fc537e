package dev.tidings.mail.loop;

import dev.tidings.mail.Ledger;
import dev.tidings.mail.LedgerException;
import dev.tidings.mail.MailConnection;
import dev.tidings.mail.SmtpFailure;
import dev.tidings.mail.mime.OutgoingMessage;
import dev.tidings.render.Recipient;

import java.time.Clock;
import java.time.Duration;

/**
 * One sending thread's ledger writes around the wire, in the order that makes a send exactly-once:
 * the recipient is claimed (SENDING, committed) before its message goes out, and SENT is written
 * only after the server's 250. This is the one place of the send loop that keeps that order.
 *
 * <p>A 250 is held, not written at once: the thread's next claim writes it in the same transaction
 * ({@link Ledger#claim}), half the commits for the same guarantees. A crash in between leaves that
 * recipient SENDING (uncertain, not resent by default), never lost or doubled. The held 250 is
 * written on its own ({@link #flush}) before the thread waits for work, and when it stops.
 */
public final class Claims {
    private final Ledger ledger;
    private final String issueId;
    private final String relay;
    private final long dailyLimit;
    private final Clock clock;
    /** The last 250, to be written as SENT with the next claim, or null. */
    private Accepted held;

    private record Accepted(String email, String reply) {
    }

    /**
     * @param ledger     where the claims are written, or null for a proof (--test-to), which is no delivery
     * @param dailyLimit the --daily-limit (0: none), counted in the ledger over the 24 hours before the clock's now
     */
    Claims(Ledger ledger, String issueId, String relay, long dailyLimit, Clock clock) {
        this.ledger = ledger;
        this.issueId = issueId;
        this.relay = relay;
        this.dailyLimit = dailyLimit;
        this.clock = clock;
    }

    /**
     * Claims the recipient, then hands the message to the connection, then holds its 250.
     *
     * @return the server's reply, or null when the daily quota is spent (the message did not go out)
     * @throws SmtpFailure   when the message was refused or the connection failed (the claim stands)
     * @throws LedgerException when the claim could not be written (the message did not go out)
     */
    String send(Recipient recipient, OutgoingMessage message, MailConnection connection) throws SmtpFailure {
        if (!claim(recipient.email(), message.messageId())) {
            return null;
        }
        String reply = connection.send(message);
        held = new Accepted(recipient.email(), reply);
        return reply;
    }

    private boolean claim(String email, String messageId) {
        Accepted previous = held;
        held = null; // written with this claim, or lost with it: never written twice
        if (ledger == null) {
            return true;
        }
        Ledger.Quota quota = dailyLimit > 0 ? new Ledger.Quota(dailyLimit, clock.instant().minus(Duration.ofHours(24))) : null;
        return ledger.claim(issueId, email, messageId, relay, quota,
                previous == null ? null : previous.email(), previous == null ? null : previous.reply());
    }

    /** Writes the held 250 now, if there is one (the thread is about to wait, or stops). */
    void flush() {
        Accepted accepted = held;
        held = null;
        if (accepted != null && ledger != null) {
            ledger.markSent(issueId, accepted.email(), accepted.reply());
        }
    }
}
