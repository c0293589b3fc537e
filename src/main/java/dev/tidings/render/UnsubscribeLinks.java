package dev.tidings.render;

import dev.tidings.digest.Unsubscribe;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The unsubscribe routes of one newsletter, made personal: the link shown in the footer and the
 * List-Unsubscribe header (RFC 2369), whose https form enables one-click unsubscribe (RFC 8058).
 */
public final class UnsubscribeLinks {
    private final Unsubscribe unsubscribe;
    private final UnsubscribeToken tokens;

    /**
     * @param tokens the token maker for TIDINGS_SECRET, or null when the secret is not set:
     *               links then carry {@link UnsubscribeToken#PLACEHOLDER}
     */
    public UnsubscribeLinks(Unsubscribe unsubscribe, UnsubscribeToken tokens) {
        this.unsubscribe = unsubscribe;
        this.tokens = tokens;
    }

    /** The links of a digest's newsletter, signed with the secret, or with placeholder tokens when it is null. */
    public static UnsubscribeLinks forDigest(dev.tidings.digest.Digest digest, String secret) {
        return new UnsubscribeLinks(digest.newsletter().unsubscribe(), secret == null ? null : UnsubscribeToken.withSecret(secret));
    }

    /** Whether the links need a secret that is missing, so that their tokens are placeholders. */
    public boolean tokensArePlaceholders() {
        return tokens == null && unsubscribe.url() != null && unsubscribe.url().contains("{token}");
    }

    public boolean hasSecret() {
        return tokens != null;
    }

    public String token(String email) {
        return tokens == null ? UnsubscribeToken.PLACEHOLDER : tokens.tokenFor(email);
    }

    /** The https unsubscribe URL for this address, or null when the newsletter has none. */
    public String url(String email) {
        if (unsubscribe.url() == null) {
            return null;
        }
        String url = unsubscribe.url();
        if (url.contains("{email}")) {
            url = url.replace("{email}", URLEncoder.encode(email, StandardCharsets.UTF_8));
        }
        if (url.contains("{token}")) {
            url = url.replace("{token}", URLEncoder.encode(token(email), StandardCharsets.UTF_8));
        }
        return url;
    }

    /** One recipient's links, the token computed once for all of them. */
    public record ForRecipient(String url, String preferred, String listUnsubscribeHeader) {
    }

    public ForRecipient forRecipient(String email) {
        String url = url(email);
        String mailto = mailto();
        StringBuilder header = new StringBuilder();
        if (mailto != null) {
            header.append('<').append(mailto).append('>');
        }
        if (url != null) {
            header.append(header.length() > 0 ? ", " : "").append('<').append(url).append('>');
        }
        return new ForRecipient(url, url != null ? url : mailto, header.toString());
    }

    /** The mailto: URI with a subject that tidings' own unsubscribe reader recognises, or null. */
    public String mailto() {
        return unsubscribe.mailto() == null ? null : "mailto:" + unsubscribe.mailto() + "?subject=unsubscribe";
    }

    /** The link for the footer: the web page when there is one (one click), else the mailto. */
    public String preferred(String email) {
        return forRecipient(email).preferred();
    }

    /** RFC 2369: each URI in angle brackets, mailto first as the RFC's examples do. */
    public String listUnsubscribeHeader(String email) {
        return forRecipient(email).listUnsubscribeHeader();
    }

    /** RFC 8058 one-click needs an https URI in List-Unsubscribe. */
    public boolean oneClick() {
        return unsubscribe.url() != null;
    }
}
