package dev.tidings.render.markdown;

/**
 * How many columns text takes in a monospaced mail client or terminal, counted per grapheme
 * cluster (UAX #29) as wcwidth-style terminals draw them: East Asian Wide and Fullwidth characters
 * (UAX #11, {@link EastAsianWidth}) take two columns, as do emoji and flags; what extends a
 * cluster (combining marks, joiners, variation selectors, skin tones, Hangul medial and final
 * jamo) and invisible format characters (zero-width space, the bidirectional marks) take none.
 * Everything else takes one, so text below U+0300 is as wide as it is long.
 *
 * <p>The JDK 17 character BreakIterator is not used: it splits ZWJ sequences, skin tones and flag
 * pairs into several clusters (fixed in JDK 20, JDK-8291660).
 */
final class DisplayWidth {
    private static final int ZWJ = 0x200D;
    private static final int EMOJI_PRESENTATION = 0xFE0F;

    private DisplayWidth() {
    }

    static int of(CharSequence text) {
        return of(text, 0, text.length());
    }

    static int of(CharSequence text, int from, int to) {
        int width = 0;
        int previous = -1;
        int baseWidth = 0;
        boolean pairedFlag = false;
        for (int i = from; i < to; ) {
            int c = Character.codePointAt(text, i);
            i += Character.charCount(c);
            if (c < 0x300) {
                width++;
                baseWidth = 1;
            } else if (isRegionalIndicator(c) && isRegionalIndicator(previous) && !pairedFlag) {
                pairedFlag = true; // the second letter of a flag
            } else if (c == EMOJI_PRESENTATION && baseWidth == 1) {
                width++; // "❤" + U+FE0F is drawn as the emoji, two columns
                baseWidth = 2;
            } else if (!extendsCluster(previous, c) && !isInvisible(c)) {
                baseWidth = EastAsianWidth.isWide(c) || isRegionalIndicator(c) ? 2 : 1;
                width += baseWidth;
                pairedFlag = false;
            }
            previous = c;
        }
        return width;
    }

    /** Whether {@code c} continues the grapheme cluster {@code previous} is in, so no line may start with it. */
    static boolean extendsCluster(int previous, int c) {
        if (previous == ZWJ || (c >= 0x1F3FB && c <= 0x1F3FF && previous >= 0)) {
            return true; // what a zero-width joiner joins; a skin tone after its emoji
        }
        if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF)) {
            return true; // Hangul medial vowels and final consonants, drawn inside the syllable
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || c == ZWJ;
    }

    /** Format characters (Cf): zero-width space and joiners, LRM/RLM and the bidi controls, soft hyphen. */
    private static boolean isInvisible(int c) {
        return Character.getType(c) == Character.FORMAT;
    }

    static boolean isRegionalIndicator(int c) {
        return c >= 0x1F1E6 && c <= 0x1F1FF;
    }
}
