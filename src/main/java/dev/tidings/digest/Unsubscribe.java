package dev.tidings.digest;

import java.nio.charset.StandardCharsets;

/**
 * How a subscriber leaves the list (RFC 2369 List-Unsubscribe, RFC 8058 one-click).
 *
 * @param mailto an address that receives unsubscribe requests, or null
 * @param url    an https URL with optional {email}, {token} and {subscriber} placeholders, or null
 */
public record Unsubscribe(String mailto, String url) {
    /**
     * The length of a {token}: HMAC-SHA256 (32 bytes) in unpadded base64url, which URL encoding
     * leaves as it is ({@code render.UnsubscribeToken}, whose test holds it to this number).
     */
    public static final int TOKEN_LENGTH = 43;

    /**
     * The longest {subscriber}: the address sealed for {@code tidings serve} (a version byte, a
     * 16-byte synthetic IV and the address's at most {@link FieldChecks#MAX_ADDRESS_OCTETS} octets
     * encrypted) in unpadded base64url ({@code render.SubscriberReference}, whose test holds it to this number).
     */
    public static final int MAX_SUBSCRIBER_LENGTH = ((1 + 16 + FieldChecks.MAX_ADDRESS_OCTETS) * 4 + 2) / 3;

    /**
     * The most a subscriber's address can add in its place: {@link FieldChecks#MAX_ADDRESS_OCTETS}
     * octets, each percent-encoded as three characters in the worst case.
     */
    public static final int MAX_ENCODED_ADDRESS = 3 * FieldChecks.MAX_ADDRESS_OCTETS;

    /**
     * The longest URI one List-Unsubscribe line can carry: {@code List-Unsubscribe: <URI>,} within
     * the 998 octets of RFC 5322 2.1.1. A URI cannot be folded: RFC 2369 section 2 says "MTAs MUST
     * NOT insert whitespace within the brackets"; the header is folded only between its entries.
     */
    public static final int MAX_URI_OCTETS = 998 - "List-Unsubscribe: <>,".length();

    /** The fixed part of the mailto that UnsubscribeLinks writes with a secret: "mailto:" ADDRESS "?subject=unsubscribe%20" EMAIL "%20" TOKEN. */
    private static final int MAILTO_FIXED = "mailto:?subject=unsubscribe%20%20".length();

    /** The URL's longest form as sent: each {email} the longest encoded address, each {token} a token. */
    public long longestUrlOctets() {
        if (url == null) {
            return 0;
        }
        long octets = url.getBytes(StandardCharsets.UTF_8).length;
        octets += occurrences(url, "{email}") * (long) (MAX_ENCODED_ADDRESS - "{email}".length());
        octets += occurrences(url, "{token}") * (long) (TOKEN_LENGTH - "{token}".length());
        octets += occurrences(url, "{subscriber}") * (long) (MAX_SUBSCRIBER_LENGTH - "{subscriber}".length());
        return octets;
    }

    /** The mailto's longest form as sent: its subject names the address and its token when a secret is set. */
    public long longestMailtoOctets() {
        if (mailto == null) {
            return 0;
        }
        return MAILTO_FIXED + mailto.getBytes(StandardCharsets.UTF_8).length + MAX_ENCODED_ADDRESS + TOKEN_LENGTH;
    }

    private static int occurrences(String text, String placeholder) {
        int count = 0;
        for (int at = text.indexOf(placeholder); at >= 0; at = text.indexOf(placeholder, at + placeholder.length())) {
            count++;
        }
        return count;
    }
}
