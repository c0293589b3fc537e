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

    private FeedText() {
    }

    /** The text of an HTML fragment, whitespace collapsed; null when it has none. */
    static String fromHtml(String html) {
        return html == null ? null : plain(Jsoup.parseBodyFragment(html).text());
    }

    /** Text as given, whitespace collapsed (a feed's line breaks are its layout, not the author's); null when blank. */
    static String plain(String text) {
        if (text == null) {
            return null;
        }
        String collapsed = text.replaceAll("[\\s\\u00A0]+", " ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }

    /**
     * At most {@link #SUMMARY_MAX} characters: cut at the last space before the limit (when there is one
     * in the last fifth, so a text without spaces, Japanese say, is still cut near the limit), never
     * inside a surrogate pair, and marked with an ellipsis.
     */
    static String capped(String text) {
        if (text == null || text.length() <= SUMMARY_MAX) {
            return text;
        }
        int end = SUMMARY_MAX - 1;
        int space = text.lastIndexOf(' ', end);
        if (space > SUMMARY_MAX * 4 / 5) {
            end = space;
        } else if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }
}
