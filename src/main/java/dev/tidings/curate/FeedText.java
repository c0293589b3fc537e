package dev.tidings.curate;

import org.jsoup.Jsoup;

/**
 * A feed's words made into plain text. RSS descriptions are HTML by custom (entity-escaped markup,
 * RSS 2.0 spec, "item" element), Atom says so in {@code type}, JSON Feed gives {@code content_html}:
 * what reaches the digest is text, never markup, since the editor's YAML is rendered as Markdown
 * and a feed's {@code <script>} must not ride along into an email.
 */
final class FeedText {
    /** A summary is a draft the editor rewrites: a paragraph, not the article. */
    static final int SUMMARY_MAX = 500;
    /** Longer than any headline; what is longer is no title. */
    static final int TITLE_MAX = 300;
    /** Room for a few names. */
    static final int AUTHOR_MAX = 200;

    private FeedText() {
    }

    /** The text of an HTML fragment, whitespace collapsed; null when it has none. */
    static String fromHtml(String html) {
        return html == null ? null : plain(Jsoup.parseBodyFragment(html).text());
    }

    /**
     * Text as given, on one line: white space, line and paragraph separators (U+0085, U+2028, U+2029)
     * collapsed to single spaces, since a feed's line breaks are its layout and the digest refuses
     * them in a title; control characters, unpaired surrogates and noncharacters (U+FFFF is jsoup's
     * end of input: it cut the email short) dropped, as the digest would refuse them. Null when blank.
     */
    static String plain(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else if (!notText(c)) {
                out.appendCodePoint(c);
            }
        }
        String line = out.toString().strip();
        return line.isEmpty() ? null : line;
    }

    /** Controls, surrogate halves and noncharacters: what the digest refuses as not text. */
    static boolean notText(int c) {
        return Character.getType(c) == Character.CONTROL || c <= 0xFFFF && Character.isSurrogate((char) c)
                || c >= 0xFDD0 && c <= 0xFDEF || (c & 0xFFFE) == 0xFFFE;
    }

    /**
     * At most {@code max} characters: cut at the last space before the limit (when there is one
     * in the last fifth, so a text without spaces, Japanese say, is still cut near the limit), never
     * inside a surrogate pair, and marked with an ellipsis. A hostile feed's megabyte title stays a title.
     */
    static String capped(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        int space = text.lastIndexOf(' ', end);
        if (space > max * 4 / 5) {
            end = space;
        } else if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }
}
