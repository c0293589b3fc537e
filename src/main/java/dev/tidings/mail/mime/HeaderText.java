package dev.tidings.mail.mime;

import jakarta.mail.internet.HeaderTokenizer;
import jakarta.mail.internet.MimeUtility;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Text for header fields, encoded so that a reader sees exactly what the editor wrote.
 *
 * <p>Jakarta Mail encodes only non-ASCII text (RFC 2047). ASCII that merely looks like an encoded
 * word ({@code =?utf-8?q?Hi=0D=0ABcc:_x?=}) would then be decoded by the reader's client into
 * something else, line breaks included; such text is encoded too, so it decodes back to itself.
 */
final class HeaderText {
    private HeaderText() {
    }

    /** Unstructured text (Subject): as is when plain ASCII, else RFC 2047 encoded words. */
    static String unstructured(String text) throws UnsupportedEncodingException {
        if (looksEncoded(text)) {
            return encodedWords(text);
        }
        return MimeUtility.encodeText(text, "UTF-8", null);
    }

    /**
     * A phrase (a display name, List-Id's description): encoded words when it is not plain ASCII,
     * looks encoded, or has a word too long to fold, otherwise a quoted string when it holds
     * specials ({@code < > , " ;} ...), otherwise as is.
     */
    static String phrase(String text) throws UnsupportedEncodingException {
        if (looksEncoded(text) || !isAscii(text) || hasUnfoldableWord(text)) {
            return encodedWords(text);
        }
        for (int i = 0; i < text.length(); i++) {
            if (HeaderTokenizer.RFC822.indexOf(text.charAt(i)) >= 0 && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return MimeUtility.quote(text, HeaderTokenizer.RFC822);
            }
        }
        return text; // atoms separated by spaces: a phrase as it stands (RFC 5322 3.2.5)
    }

    /**
     * The text as base64 encoded words, always: Jakarta's encoders return ASCII unchanged, which is
     * the very case this is for. Each word carries at most 45 bytes of UTF-8 (60 base64 characters,
     * 72 with the delimiters: within RFC 2047's 75) and ends on a character boundary; the spaces
     * between words vanish on decoding (RFC 2047 6.2), and folding may break at them.
     */
    static String encodedWords(String text) {
        StringBuilder words = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            int bytes = 0;
            while (end < text.length()) {
                int codePoint = text.codePointAt(end);
                int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + length > 45) {
                    break;
                }
                bytes += length;
                end += Character.charCount(codePoint);
            }
            if (words.length() > 0) {
                words.append(' ');
            }
            words.append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(text.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
            start = end;
        }
        return words.toString();
    }

    /**
     * Whether a run without spaces is longer than an encoded word (75, RFC 2047 2): folding breaks
     * only at spaces, so such a run would make a line longer than 78 characters, and a subscriber's
     * name of a thousand letters one longer than the 998 octets RFC 5322 2.1.1 allows. Encoded
     * words carry the same text in pieces that fold.
     */
    private static boolean hasUnfoldableWord(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == ' ' || text.charAt(i) == '\t' ? 0 : run + 1;
            if (run > 75) {
                return true;
            }
        }
        return false;
    }

    static boolean looksEncoded(String text) {
        int start = text.indexOf("=?");
        return start >= 0 && text.indexOf("?=", start + 2) >= 0;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x7F || c < 0x20 && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
