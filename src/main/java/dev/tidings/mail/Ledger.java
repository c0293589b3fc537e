package dev.tidings.mail;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a send remembers, per issue and recipient: the delivery state, attempts, last SMTP reply,
 * Message-ID and relay. It is what makes {@code send} exactly-once across re-runs and crashes: a
 * recipient is claimed (SENDING, committed) before DATA and marked SENT only after the server's
 * 250, so a re-run skips everyone delivered and a crash leaves at most the in-flight recipients
 * uncertain. Every method's change is durable when it returns.
 *
 * <p>The send loop knows only this interface; {@code mail/ledger}'s {@code SqliteLedger} keeps it
 * in a SQLite file, and the loop's unit tests keep it in memory.
 */
public interface Ledger extends AutoCloseable {
    /**
     * How {@link #sentThrough} names the relay of deliveries recorded before relays were (schema 1):
     * such a delivery may have gone to a mail catcher (the rehearsal trap), so it is named, not left out.
     */
    String UNRECORDED_RELAY = "a relay the ledger did not record (sent before tidings recorded relays)";

    /** One recipient's row. */
    record Delivery(String email, DeliveryState state, int attempts, String lastReply, String messageId, String updatedAt) {
    }

    /**
     * The rolling quota of {@code --daily-limit}: at most {@code limit} messages claimed or sent,
     * across every issue of the ledger, since {@code since}.
     */
    record Quota(long limit, Instant since) {
    }

    /** A message the ledger records as sent (or being sent) to one recipient: what a delivery report must return to count. */
    record SentMessage(String messageId, String issueId, String email, DeliveryState state) {
    }

    /** Whether the ledger holds any delivery of this issue: none on its first run. */
    boolean hasDeliveries(String issueId);

    /** The recipient's state, or null when this issue has never been sent to them. */
    DeliveryState stateOf(String issueId, String email);

    /**
     * Committed before DATA: from here on a crash makes this recipient uncertain, never resent by
     * default. A claim without a quota or a previous delivery; the send loop claims through {@link #claim}.
     */
    default void markSending(String issueId, String email, String messageId) {
        claim(issueId, email, messageId, null, null, null, null);
    }

    /**
     * Claims a recipient (SENDING, with the relay the message goes to) before its message goes out,
     * recording the worker's previous delivery (SENT, after its 250) in the same transaction when
     * there is one: half the commits, the same guarantees (SENT still follows the 250, SENDING still
     * precedes DATA; a crash between the 250 and this commit leaves the previous recipient
     * uncertain, never lost or doubled).
     *
     * <p>With a quota, the claim is made only while fewer than its limit of messages were claimed
     * or sent since its start, across every issue and every process sharing the ledger.
     *
     * @param previousEmail the worker's previous recipient to mark SENT first, or null
     * @return false when the quota is spent (the previous delivery is recorded all the same)
     */
    boolean claim(String issueId, String email, String messageId, String relay, Quota quota,
                  String previousEmail, String previousReply);

    /** After the server's 250 for this recipient's message, never before. */
    void markSent(String issueId, String email, String reply);

    /** A permanent refusal (5xx): the recipient is not tried again by a later run. */
    void markFailed(String issueId, String email, String reply);

    /** A temporary failure: the recipient goes back to pending, to be retried by this run or the next. */
    void markPending(String issueId, String email, String reply);

    /** Records a reply (or what happened instead) without changing the state: an uncertain send keeps SENDING. */
    void noteReply(String issueId, String email, String reply);

    /** Counts per state for one issue; states with no rows are 0. */
    Map<DeliveryState, Long> counts(String issueId);

    /** The rows of one issue in a state, oldest change first, at most {@code limit}. */
    List<Delivery> inState(String issueId, DeliveryState state, int limit);

    /** The messages with these Message-IDs, by Message-ID; IDs the ledger does not know are absent. Read only. */
    Map<String, SentMessage> byMessageId(Collection<String> messageIds);

    /** The ids of every issue the ledger holds deliveries of. Read only. */
    List<String> issueIds();

    /**
     * Every message of one issue the ledger records (any state), for reading a bounce address's
     * token back: a token carries tags of the issue and the recipient, checked row by row. Read only.
     */
    List<SentMessage> messagesOf(String issueId);

    /**
     * Messages sent or in flight (any issue) since the given moment: what the rolling quota of
     * --daily-limit has spent. A message in flight counts: it may be delivered, and a crash may
     * leave it so.
     */
    long claimedOrSentSince(Instant since);

    /** How many of the issue's recipients were sent through each relay; rows from before relays were recorded under {@link #UNRECORDED_RELAY}. */
    Map<String, Long> sentThrough(String issueId);

    /** Closes the store; a failure to close is not a failure to record (every change was durable already). */
    @Override
    void close();
}
