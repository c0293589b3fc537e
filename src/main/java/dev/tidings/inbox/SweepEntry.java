package dev.tidings.inbox;

/**
 * What one mail (or, for a delivery report, one recipient in it) came to.
 *
 * @param uid     the mail's IMAP UID
 * @param from    the mail's sender, or null
 * @param address the subscriber concerned, or null when the mail names none
 * @param action  what was done
 * @param reason  why, in words for the report
 */
public record SweepEntry(long uid, String from, String address, Action action, String reason) {

    public enum Action {
        /** The subscriber's status is now (or, in a dry run, would be) unsubscribed. */
        UNSUBSCRIBED,
        /** The subscriber's status is now (or would be) bounced. */
        BOUNCED,
        /** Already so: an earlier run or mail did it, or it is kept on purpose. */
        UNCHANGED,
        /** Read and reported, not acted on (a token that does not verify, a soft bounce, not on the list...). */
        IGNORED,
        /**
         * Not acted on: tidings cannot tell whether it is genuine (a report of a message it did not
         * send, a request without a token or a server's word for its sender), so a person decides.
         * The mail stays unread for them, marked only with the processed keyword so that later runs
         * do not report it again.
         */
        FOR_EDITOR,
        /** Not acted on and not marked processed, so that a later run looks again (the secret or ledger is missing, the row is invalid). */
        LEFT
    }
}
