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
    private final SubscriberReference references;

    /**
     * @param tokens the token maker for TIDINGS_SECRET, or null when the secret is not set:
     *               links then carry {@link UnsubscribeToken#PLACEHOLDER}
     */
    public UnsubscribeLinks(Unsubscribe unsubscribe, UnsubscribeToken tokens) {
        this(unsubscribe, tokens, null);
    }

    /** @param references the sealer of {@code {subscriber}} for TIDINGS_SECRET, or null (the placeholder then) */
    public UnsubscribeLinks(Unsubscribe unsubscribe, UnsubscribeToken tokens, SubscriberReference references) {
        this.unsubscribe = unsubscribe;
        this.tokens = tokens;
        this.references = references;
    }

    /** The links of a digest's newsletter, signed with the secret, or with placeholder tokens when it is null. */
    public static UnsubscribeLinks forDigest(dev.tidings.digest.Digest digest, String secret) {
        return new UnsubscribeLinks(digest.newsletter().unsubscribe(), secret == null ? null : UnsubscribeToken.withSecret(secret),
                secret == null ? null : SubscriberReference.withSecret(secret));
    }

    /** Whether the links need a secret that is missing, so that their tokens are placeholders. */
    public boolean tokensArePlaceholders() {
        return tokens == null && urlNeedsSecret();
    }

    /** Whether the URL carries a {token} or a {subscriber}, both made with the secret. */
    private boolean urlNeedsSecret() {
        return unsubscribe.url() != null && (unsubscribe.url().contains("{token}") || unsubscribe.url().contains("{subscriber}"));
    }

    public boolean hasSecret() {
        return tokens != null;
    }

    public String token(String email) {
        return tokens == null ? UnsubscribeToken.PLACEHOLDER : tokens.tokenFor(email);
    }

    /** The https unsubscribe URL for this address, or null when the newsletter has none. */
    public String url(String email) {
        return url(email, urlNeedsToken() ? token(email) : null);
    }

    private boolean urlNeedsToken() {
        return unsubscribe.url() != null && unsubscribe.url().contains("{token}");
    }

    private String url(String email, String token) {
        if (unsubscribe.url() == null) {
            return null;
        }
        String url = unsubscribe.url();
        if (url.contains("{email}")) {
            url = url.replace("{email}", URLEncoder.encode(email, StandardCharsets.UTF_8));
        }
        if (url.contains("{token}")) {
            url = url.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        if (url.contains("{subscriber}")) {
            // base64url: nothing to encode; the placeholder token is URL-safe too
            url = url.replace("{subscriber}", references == null ? UnsubscribeToken.PLACEHOLDER : references.seal(email));
        }
        return url;
    }

    /** One recipient's links, the token computed once for all of them. */
    public record ForRecipient(String url, String preferred, String listUnsubscribeHeader) {
    }

    public ForRecipient forRecipient(String email) {
        String token = urlNeedsToken() || mailtoNeedsToken() ? token(email) : null;
        String url = url(email, token);
        String mailto = mailto(email, token);
        StringBuilder header = new StringBuilder();
        if (mailto != null) {
            header.append('<').append(mailto).append('>');
        }
        if (url != null) {
            header.append(header.length() > 0 ? ", " : "").append('<').append(url).append('>');
        }
        return new ForRecipient(url, url != null ? url : mailto, header.toString());
    }

    /**
     * The mailto: URI for this address, or null when the newsletter has none. With a secret, its
     * subject is "unsubscribe ADDRESS TOKEN" ({@link UnsubscribeSubject}), which {@code tidings
     * unsubscribes} honours whichever mailbox the request is sent from; without one, plain
     * "unsubscribe", honoured for the sender's own address only (never the placeholder token,
     * which would make every request look forged).
     */
    public String mailto(String email) {
        return mailto(email, mailtoNeedsToken() ? token(email) : null);
    }

    /**
     * The mailto: URI without address or token, the same for every recipient: templates' {@code
     * links.unsubscribe_mailto}, which is part of the issue rather than of each recipient's email.
     * A request sent through it is honoured for its sender's own address.
     */
    public String sharedMailto() {
        return unsubscribe.mailto() == null ? null : "mailto:" + unsubscribe.mailto() + "?subject=" + UnsubscribeSubject.WORD;
    }

    private boolean mailtoNeedsToken() {
        return unsubscribe.mailto() != null && tokens != null;
    }

    private String mailto(String email, String token) {
        if (unsubscribe.mailto() == null) {
            return null;
        }
        String subject = tokens == null ? UnsubscribeSubject.WORD : new UnsubscribeSubject(email, token).text();
        return "mailto:" + unsubscribe.mailto() + "?subject=" + mailtoEncoded(subject);
    }

    /**
     * RFC 6068 percent-encoding of a header value in a mailto URI, stricter than required: only
     * unreserved characters and "@" stay, so that "+" is never read as a space, and "&", "=", "#"
     * or "%" in an address cannot end the value. Non-ASCII is UTF-8, as RFC 6068 section 2 says.
     */
    private static String mailtoEncoded(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    private static final String HEX = "0123456789ABCDEF";

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
