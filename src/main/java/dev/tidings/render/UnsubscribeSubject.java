package dev.tidings.render;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a mailto unsubscribe request says: {@code unsubscribe ADDRESS TOKEN}. {@link UnsubscribeLinks}
 * writes it as the subject of the mailto URI (RFC 2369, RFC 6068), and the mailbox reader of
 * {@code tidings unsubscribes} reads it back from a request's subject or first body line.
 *
 * <p>The address says who wants to leave; the token ({@link UnsubscribeToken}) proves the request
 * comes from a link tidings sent to that address. So a request sent from another mailbox (a
 * forwarding address, an alias) can be honoured, and naming someone else's address is not enough
 * to unsubscribe them. Both parts are optional when reading: a plain "unsubscribe" reply is a
 * request too, for its sender's own address only.
 *
 * @param address the address to unsubscribe, or null when the text names none
 * @param token   the token, or null when the text carries none
 */
public record UnsubscribeSubject(String address, String token) {
    public static final String WORD = "unsubscribe";

    /** The shape of a token: 32 bytes of HMAC-SHA256 in unpadded base64url. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** "unsubscribe" as the first word, optionally after "please": "Unsubscribe me.", "please unsubscribe". */
    private static final Pattern REQUEST = Pattern.compile("(?i)(?:please[\\s,]+)?unsubscribe(?![\\p{L}\\p{N}])(.*)");
    /** Around an address or token: "<a@b.org>", "a@b.org," or a closing full stop. */
    private static final String WRAPPING = "<>()[]\"',;.:!?";

    /** The subject of the mailto link for this address and its token. */
    public String text() {
        return WORD + " " + address + " " + token;
    }

    /**
     * Reads a line that starts with the word "unsubscribe", taking an address and a token from the
     * words after it; null when the line does not start with the word, or goes on with a link.
     */
    public static UnsubscribeSubject parse(String line) {
        var matcher = REQUEST.matcher(line.strip());
        if (!matcher.matches() || matcher.group(1).contains("://")) {
            // With a link after it, the line is the footer of an issue ("Unsubscribe: <https://...>"), quoted back.
            return null;
        }
        String address = null;
        String token = null;
        for (String word : matcher.group(1).strip().split("\\s+")) {
            String bare = unwrapped(word);
            if (address == null && bare.indexOf('@') > 0) {
                address = bare.toLowerCase(Locale.ROOT).startsWith("mailto:") ? bare.substring(7) : bare;
            } else if (token == null && TOKEN.matcher(bare).matches()) {
                token = bare;
            }
        }
        return new UnsubscribeSubject(address, token);
    }

    private static String unwrapped(String word) {
        int start = 0;
        int end = word.length();
        while (start < end && WRAPPING.indexOf(word.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && WRAPPING.indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return word.substring(start, end);
    }
}
