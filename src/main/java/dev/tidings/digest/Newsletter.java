package dev.tidings.digest;

/**
 * The sender of every issue: identity, legal footer and unsubscribe route.
 *
 * @param postalAddress required by CAN-SPAM in every commercial email
 * @param footer        Markdown shown above the legal footer ("Get the latest from ..."), or null
 * @param archiveUrl    where the web archive of issues is published, or null
 * @param utm           UTM parameters for the content's outbound links, or null for none
 * @param greeting      the line above the intro, or null when the newsletter has none ({@code greeting: false})
 */
public record Newsletter(
        String name,
        String from,
        String replyTo,
        String website,
        String postalAddress,
        Unsubscribe unsubscribe,
        String footer,
        String archiveUrl,
        Utm utm,
        Greeting greeting) {

    /** The web version of an issue in the archive ({@code ARCHIVE_URL/ISSUE-ID/}), or null without an archive. */
    public String webVersionOf(String issueId) {
        String root = archiveRoot();
        return root == null ? null : root + issueId + "/";
    }

    /** The archive's URL ending in "/", so that paths can be appended, or null without an archive. */
    public String archiveRoot() {
        if (archiveUrl == null) {
            return null;
        }
        return archiveUrl.endsWith("/") ? archiveUrl : archiveUrl + "/";
    }
}
