package dev.tidings.render.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wraps plaintext email at a fixed width (72 in the product), line by line.
 *
 * <ul>
 *   <li>Lines break at spaces, and where {@link LineBreaks} allows within a word: between Chinese
 *       and Japanese characters (never before {@code 。、」）} nor after {@code 「（}: kinsoku) and
 *       between Thai words; never inside a Latin word or a URL. A word or URL longer than the width
 *       stays whole on a line of its own: a split or hyphenated URL stops working when clicked or
 *       copied.</li>
 *   <li>Continuation lines keep the line's prefix: quote markers ({@code > }) and indentation are
 *       repeated, a list marker ({@code - }, {@code * }, {@code + }, {@code 12. }, {@code 12) })
 *       becomes spaces of its width, so the text lines up under the item's first word.</li>
 *   <li>Width counts display columns ({@link DisplayWidth}): "Zoë" is 3 wide whether its "ë" is one
 *       code point or "e" and a combining mark; a kanji, a Hangul syllable or an emoji is 2; a
 *       zero-width joiner or a right-to-left mark is 0. Text below U+0300 is as wide as it is long.</li>
 *   <li>Trailing whitespace is removed from every line. The output is not RFC 3676 format=flowed,
 *       where a trailing space would mean "joins the next line"; it is fixed lines as written.
 *       The one exception is the signature separator {@code "-- "}, whose space is its meaning.</li>
 * </ul>
 *
 * Lines are separated by {@code \n} in and out; the MIME layer turns them into CRLF. Every line
 * produced is either within the width or a prefix and a single unbreakable word, so wrapping
 * wrapped text changes nothing.
 */
public final class TextWrapper {
    private static final String SIGNATURE_SEPARATOR = "-- ";
    /** Bounds a memo: an issue has some hundreds of long lines, personalised ones are new each time. */
    private static final int MAX_REMEMBERED = 8192;

    private TextWrapper() {
    }

    /**
     * How many columns the text takes in a fixed-width font (a kanji or an emoji two, a combining
     * accent none): what a plain-text template needs to underline a title in any script.
     */
    public static int columns(String text) {
        return DisplayWidth.of(text);
    }

    public static String wrap(String text, int width) {
        return wrap(text, width, null);
    }

    /**
     * As {@link #wrap(String, int)}, remembering how long lines were wrapped. A line's wrapping
     * depends on that line alone, and the emails of one issue share almost every line, so over a
     * send most long lines are looked up rather than filled again.
     *
     * @param memo long lines and their wrapping, shared and bounded by the caller; null for none
     */
    public static String wrap(String text, int width, Map<String, String> memo) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive: " + width);
        }
        StringBuilder out = new StringBuilder(text.length() + text.length() / 16);
        int start = 0;
        while (true) {
            // every line, the last one even when empty: a text ending in "\n" still does after wrapping
            int end = text.indexOf('\n', start);
            String line = text.substring(start, end < 0 ? text.length() : end);
            out.append(memo == null || line.length() <= width ? wrapLine(line, width) : wrapRemembered(line, width, memo));
            if (end < 0) {
                return out.toString();
            }
            out.append('\n');
            start = end + 1;
        }
    }

    private static String wrapRemembered(String line, int width, Map<String, String> memo) {
        String wrapped = memo.get(line);
        if (wrapped != null) {
            return wrapped;
        }
        wrapped = wrapLine(line, width);
        if (memo.size() < MAX_REMEMBERED) {
            memo.put(line, wrapped);
        }
        return wrapped;
    }

    private static String wrapLine(String line, int width) {
        if (line.equals(SIGNATURE_SEPARATOR)) {
            return line;
        }
        String trimmed = line.stripTrailing();
        if (DisplayWidth.of(trimmed) <= width) {
            return trimmed;
        }
        Prefix prefix = Prefix.of(trimmed);
        return String.join("\n", fill(prefix, trimmed.substring(prefix.first().length()), width));
    }

    /**
     * Greedy fill: as many pieces as fit on each line, spacing between words kept as written. A
     * piece is a word, or a part of one between two places where {@link LineBreaks} allows a break
     * (CJK, Thai); pieces of one word join without a space.
     */
    private static List<String> fill(Prefix prefix, String content, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(prefix.first());
        int lineWidth = DisplayWidth.of(prefix.first());
        boolean lineHasWord = false;
        int position = 0;
        while (position < content.length()) {
            int wordStart = skipSpaces(content, position);
            int wordEnd = content.indexOf(' ', wordStart);
            if (wordEnd < 0) {
                wordEnd = content.length();
            }
            String word = content.substring(wordStart, wordEnd);
            int[] breaks = LineBreaks.within(word);
            int gap = wordStart - position;
            for (int piece = 0, from = 0; piece <= breaks.length; piece++) {
                int to = piece < breaks.length ? breaks[piece] : word.length();
                int pieceWidth = DisplayWidth.of(word, from, to);
                if (!lineHasWord) {
                    line.append(word, from, to);
                    lineWidth += pieceWidth;
                } else if (lineWidth + gap + pieceWidth <= width) {
                    line.append(content, position, wordStart).append(word, from, to);
                    lineWidth += gap + pieceWidth;
                } else {
                    lines.add(line.toString());
                    line = new StringBuilder(prefix.continuation()).append(word, from, to);
                    lineWidth = DisplayWidth.of(prefix.continuation()) + pieceWidth;
                }
                lineHasWord = true;
                position = wordStart;
                gap = 0;
                from = to;
            }
            position = wordEnd;
        }
        lines.add(line.toString());
        return lines;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /**
     * What a line starts with before its text: indentation, quote markers and list markers, in
     * any order ({@code "> - "}, {@code "  1. > "}), and what continuation lines start with instead.
     */
    private record Prefix(String first, String continuation) {
        static Prefix of(String line) {
            StringBuilder continuation = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == ' ' || c == '\t' || c == '>') {
                    continuation.append(c);
                    i++;
                    continue;
                }
                int marker = listMarkerLength(line, i);
                if (marker == 0) {
                    break;
                }
                continuation.append(" ".repeat(marker));
                i += marker;
            }
            return new Prefix(line.substring(0, i), continuation.toString());
        }

        /** The length of a list marker ({@code -}, {@code *}, {@code +}, {@code 12.}, {@code 12)}) at {@code start}; 0 if none. */
        private static int listMarkerLength(String line, int start) {
            int end = start;
            char c = line.charAt(start);
            if (c == '-' || c == '*' || c == '+') {
                end = start + 1;
            } else {
                while (end < line.length() && end - start < 9 && isAsciiDigit(line.charAt(end))) {
                    end++;
                }
                if (end == start || end == line.length() || (line.charAt(end) != '.' && line.charAt(end) != ')')) {
                    return 0;
                }
                end++;
            }
            // A marker is followed by a space: "-5 °C" and "3.5" are text, not items.
            return end < line.length() && line.charAt(end) == ' ' ? end - start : 0;
        }

        private static boolean isAsciiDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
