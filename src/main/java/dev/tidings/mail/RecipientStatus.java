package dev.tidings.mail;

/**
 * What a delivery status notification (RFC 3464) says of one recipient.
 *
 * @param address    the address as tidings sent to it: the Original-Recipient field when the
 *                   report has it (the address of the list, before any forwarding), else the
 *                   Final-Recipient; null when the report names neither
 * @param action     "failed", "delayed", "delivered", "relayed" or "expanded" (lower case), or ""
 * @param status     the enhanced status code ("5.1.1", RFC 3463), or "" when there is none
 * @param diagnostic the remote server's reply (Diagnostic-Code), or ""
 */
public record RecipientStatus(String address, String action, String status, String diagnostic) {

    /** A permanent failure because the address itself is bad: the subscriber is marked bounced. */
    public boolean isHardBounce() {
        return action.equals("failed") && SmtpFailure.isBadAddressStatus(status);
    }

    /** A permanent failure for another reason: a policy or content refusal (5.7.1), a full mailbox (5.2.2). */
    public boolean isOtherPermanentFailure() {
        return action.equals("failed") && status.startsWith("5.") && !isHardBounce();
    }

    /** Delayed, or a temporary failure: the server will try again or the next issue may get through. */
    public boolean isSoftBounce() {
        return action.equals("delayed") || action.equals("failed") && status.startsWith("4.");
    }
}
