package dev.tidings.curate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page's own words, which are plain text, made into Markdown that renders as exactly those
 * words: an item's {@code summary} is Markdown, and a description such as "*Not* a [link](x)"
 * or "1. Introduction" would otherwise come out as emphasis, a link or a numbered list. Each
 * character CommonMark could read as markup is backslash-escaped (CommonMark 0.31, 2.4: any ASCII
 * punctuation may be escaped, and then stands for itself).
 */
final class MarkdownLiteral {
    /** Markup anywhere in a line: emphasis, code spans, links and images, raw HTML and autolinks, entities. */
    private static final Pattern INLINE = Pattern.compile("[\\\\`*_\\[\\]<&]");
    /** Markup only at a line's start: headings, quotes, list items, setext underlines, fences. */
    private static final Pattern LINE_START = Pattern.compile("(?m)^([ \\t]*)([#>+=~-])");
    /** An ordered list item: digits, then "." or ")". */
    private static final Pattern ORDERED = Pattern.compile("(?m)^([ \\t]*\\d{1,9})([.)])");

    private MarkdownLiteral() {
    }

    static String of(String text) {
        String escaped = INLINE.matcher(text).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
        escaped = LINE_START.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\\" + m.group(2)));
        return ORDERED.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\\" + m.group(2)));
    }
}
