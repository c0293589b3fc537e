package dev.tidings.digest;

/**
 * The sender of every issue: identity, legal footer and unsubscribe route.
 *
 * @param postalAddress required by CAN-SPAM in every commercial email
 * @param footer        Markdown shown above the legal footer ("Get the latest from ..."), or null
 * @param archiveUrl    where the web archive of issues is published, or null
 * @param utm           UTM parameters for the content's outbound links, or null for none
 * @param greeting      the line above the intro, or null when the newsletter has none ({@code greeting: false})
 * @param publicUrl     where {@code tidings serve} answers readers (its signup form, its unsubscribe route), or null;
 *                      without an {@code unsubscribe.url}, the unsubscribe URL is made from it ({@link #SERVE_UNSUBSCRIBE})
 * @param description   what the newsletter is, in a sentence or two, shown above serve's signup form; or null
 * @param bounceAddress the envelope sender (SMTP MAIL FROM, RFC 5321 4.1.1.2), where bounces go; null for From's
 *                      address. With {@link #BOUNCE_TOKEN} in its local part, each message gets its own (VERP).
 * @param dkim          how messages are signed (DKIM), or null when they are not
 * @param language      the BCP 47 tag of the theme's words and dates ({@code de}, {@code pt-BR}); {@link #DEFAULT_LANGUAGE} when not written
 * @param strings       the editor's own wording of theme strings, by key (overriding the theme's bundles); empty for none
 * @param subscribeUrl  where the archive's subscribe box posts ({@code tidings serve}'s /subscribe), or null for
 *                      {@code public_url}'s ({@link #signupAction})
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
        Greeting greeting,
        String publicUrl,
        String description,
        String bounceAddress,
        Dkim dkim,
        String language,
        java.util.Map<String, String> strings,
        String subscribeUrl) {

    /** The language of a newsletter that names none: the theme's wording before there were others. */
    public static final String DEFAULT_LANGUAGE = "en";

    public Newsletter {
        strings = strings == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(strings));
    }

    /** The placeholder of {@code bounce_address} that each message's bounce token replaces (VERP). */
    public static final String BOUNCE_TOKEN = "{token}";
    /** A bounce token's bytes: a 40-bit tag of the issue and an 80-bit tag of issue and recipient (see render's BounceToken). */
    public static final int BOUNCE_TOKEN_BYTES = 15;
    /** Its length in base32, 5 bits a character: what {@link #BOUNCE_TOKEN} becomes in the local part. */
    public static final int BOUNCE_TOKEN_LENGTH = (BOUNCE_TOKEN_BYTES * 8 + 4) / 5;

    /**
     * The unsubscribe URL under {@code public_url} when no {@code unsubscribe.url} is given: the
     * route of {@code tidings serve}, with the address sealed in {@code {subscriber}} so that it is
     * not in clear (SpamAssassin scores URLs that carry {@code email=ADDRESS}).
     */
    public static final String SERVE_UNSUBSCRIBE = "unsubscribe?u={subscriber}";

    /** The public URL ending in "/", or null without one. */
    public String publicRoot() {
        return publicUrl == null ? null : publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
    }

    /**
     * The action of the archive's subscribe box: {@code subscribe_url}, else serve's route under
     * {@code public_url}; null when the newsletter names neither (the archive then has no box).
     */
    public String signupAction() {
        if (subscribeUrl != null) {
            return subscribeUrl;
        }
        return publicUrl == null ? null : publicRoot() + "subscribe";
    }

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
