package dev.tidings.digest;

/**
 * The sender of every issue: identity, legal footer and unsubscribe route.
 *
 * @param postalAddress required by CAN-SPAM in every commercial email
 * @param footer        Markdown shown above the legal footer ("Get the latest from ..."), or null
 */
public record Newsletter(
        String name,
        String from,
        String replyTo,
        String website,
        String postalAddress,
        Unsubscribe unsubscribe,
        String footer) {
}
