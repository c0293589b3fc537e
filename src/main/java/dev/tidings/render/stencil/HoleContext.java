package dev.tidings.render.stencil;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;

import java.nio.charset.StandardCharsets;

/**
 * Where a hole of an {@link HtmlStencil} sits in the inlined document, which decides how jsoup
 * wrote what was there, and so how a recipient's value is written into it (rule 5 of the stencil:
 * the filled value must come out as parsing and serialising would have written it).
 */
enum HoleContext {
    /** Element text: jsoup writes quotes as they are. */
    TEXT,
    /** A quoted attribute value: jsoup writes {@code "} as {@code &quot;}. */
    ATTRIBUTE,
    /** A comment: jsoup keeps its content exactly as parsed. */
    COMMENT,
    /** Inside title, textarea, script or style, whose text jsoup handles its own way: plain values only. */
    RAW;

    /**
     * Whether a value FreeMarker escaped as {@code escaped} reads back as written wherever it is
     * printed: no leading or trailing whitespace (it could land in another node), and plain or
     * proven to survive a jsoup parse.
     */
    static boolean readsBack(String value, String escaped) {
        return value.equals(value.strip()) && (isPlainWithQuotes(value) || survivesJsoup(escaped));
    }

    /** The context of a hole in an inlined document whose text before it is {@code html} (the hole holds no markup). */
    static HoleContext at(StringBuilder html) {
        if (html.lastIndexOf("<!--") > html.lastIndexOf("-->")) {
            return COMMENT;
        }
        if (html.lastIndexOf("<") > html.lastIndexOf(">")) {
            return ATTRIBUTE;
        }
        for (String element : new String[] {"title", "textarea", "script", "style"}) {
            if (html.lastIndexOf("<" + element) > html.lastIndexOf("</" + element)) {
                return RAW;
            }
        }
        return TEXT;
    }

    /**
     * The value as jsoup would have written it here, or null when that is not certain. FreeMarker
     * escapes quotes ({@code &#39;}, {@code &quot;}); jsoup writes them back as it likes, by context.
     */
    String asJsoupWrites(String value, String escaped) {
        if (this == COMMENT || !isPlainWithQuotes(value)) {
            return escaped; // kept as written (a comment), or proven to read back by survivesJsoup
        }
        String ampersands = value.replace("&", "&amp;"); // both write & as &amp;
        switch (this) {
            case TEXT:
                return ampersands;
            case ATTRIBUTE:
                return ampersands.replace("\"", "&quot;");
            default:
                return isPlain(value) ? value : null;
        }
    }

    /**
     * Text that neither FreeMarker nor jsoup escapes, so it certainly reads back as written:
     * letters and digits of any script, inner spaces, and punctuation other than quotes, angle
     * brackets, ampersands and the non-breaking space. Names and addresses almost always are, which
     * spares a jsoup parse per recipient; anything else gets the exact check below.
     */
    static boolean isPlain(String value) {
        return isPlain(value, false);
    }

    /**
     * As {@link #isPlain(String)}, with quotes and ampersands allowed: jsoup writes them back
     * predictably, by context ({@link #asJsoupWrites}). Links with query strings are such values.
     */
    static boolean isPlainWithQuotes(String value) {
        return isPlain(value, true);
    }

    private static boolean isPlain(String value, boolean quotesAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == ' ' || ".,-_@+()!?:;/#%*=~$".indexOf(c) >= 0
                    || quotesAllowed && (c == '\'' || c == '"' || c == '&'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether escaped text reads back as written, both as text and as a quoted attribute value. */
    private static boolean survivesJsoup(String escaped) {
        String html = "<p title=\"" + escaped + "\">" + escaped + "</p>";
        Document document = Jsoup.parseBodyFragment(html);
        // As CssInliner writes the email.
        document.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8).escapeMode(Entities.EscapeMode.base);
        return document.body().html().equals(html);
    }
}
