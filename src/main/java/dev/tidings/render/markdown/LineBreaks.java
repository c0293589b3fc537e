package dev.tidings.render.markdown;

import java.text.BreakIterator;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a word (a run without spaces) may be broken across lines, besides the spaces around it:
 * a conservative subset of Unicode line breaking (UAX #14).
 *
 * <ul>
 *   <li>Beside a Chinese or Japanese character (classes ID, CJ, and their punctuation): CJK text
 *       has no spaces and breaks between characters (UAX #14 LB31), also next to Latin text
 *       written without a space ("Banduraの").</li>
 *   <li>Not before closing punctuation, small kana, the prolonged sound mark, iteration marks and
 *       {@code 、。・：；！？} (classes CL, CP, EX, IS, NS, CJ: LB13, LB21), nor after opening
 *       punctuation (OP: LB14): the Japanese kinsoku rules (JIS X 4051), strict form.</li>
 *   <li>Thai has no spaces between words: breaks come from the JDK's dictionary-based line
 *       BreakIterator for {@code th} (with the root locale it finds none).</li>
 *   <li>Never inside a Latin word (not at its hyphens, unlike UAX #14 LB21: English wraps as
 *       before, at spaces), never between Hangul syllables (Korean separates words with spaces:
 *       the "keep-all" tailoring), never inside a grapheme cluster, never inside a URL: from
 *       {@code http://} or {@code https://} to the next space, or to the first Japanese
 *       punctuation or kana after it ("https://example.org/を参照"; an IRI's path in kanji stays
 *       in the URL).</li>
 * </ul>
 * The JDK's line BreakIterator is not used for the rest: it breaks URLs after ":" "." "-" "/" and
 * "?", English at hyphens, and Korean between every two syllables.
 */
final class LineBreaks {
    private static final int[] NONE = new int[0];
    /** UAX #14 CL, CP, EX, IS, NS and CJ characters of CJK text, beyond what Character.getType says (Pe, Pf). */
    private static final String NO_START = "、。，．・：；？！‼⁇⁈⁉ヽヾゝゞ々〻ー゠〜～‐–"
            + "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰ"
            + ",.:;!?%)]}％｡､･";

    private LineBreaks() {
    }

    /** The offsets in {@code word}, ascending, before which a line may break. */
    static int[] within(String word) {
        if (!mayBreak(word)) {
            return NONE;
        }
        int[] breaks = new int[8];
        int count = 0;
        int urlEnd = isUrlAt(word, 0) ? urlEnd(word, 0) : 0;
        int previous = word.codePointAt(0);
        int[] thai = null;
        for (int i = Character.charCount(previous); i < word.length(); ) {
            int c = word.codePointAt(i);
            boolean between = i >= urlEnd && !DisplayWidth.extendsCluster(previous, c);
            if (i >= urlEnd && isUrlAt(word, i)) {
                urlEnd = urlEnd(word, i); // a break before the URL, none inside
            }
            if (between && isThai(previous) && isThai(c)) {
                thai = thai == null ? thaiBreaks(word) : thai;
                between = Arrays.binarySearch(thai, i) >= 0;
            } else if (between) {
                between = (isIdeographic(previous) || isIdeographic(c)) && !noStart(c) && !noEnd(previous);
            }
            if (between) {
                breaks = count == breaks.length ? Arrays.copyOf(breaks, count * 2) : breaks;
                breaks[count++] = i;
            }
            if (!DisplayWidth.extendsCluster(previous, c)) {
                previous = c;
            }
            i += Character.charCount(c);
        }
        return Arrays.copyOf(breaks, count);
    }

    /** Cheap test first: English text, the common case, has no character that allows a break. */
    private static boolean mayBreak(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 0x0E00 && (isThai(c) || c >= 0x2E80)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUrlAt(String word, int i) {
        return word.startsWith("http", i) && (word.startsWith("://", i + 4) || word.startsWith("s://", i + 4));
    }

    private static int urlEnd(String word, int start) {
        int i = start;
        while (i < word.length()) {
            int c = word.codePointAt(i);
            if ((c >= 0x3000 && c <= 0x30FF) || (c >= 0xFF00 && c <= 0xFF65)) {
                break; // CJK punctuation, kana, fullwidth forms: the sentence resumes
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static boolean isIdeographic(int c) {
        if (c < 0x2E80) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.BOPOMOFO
                || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF65) || (c >= 0xFE30 && c <= 0xFE4F);
    }

    private static boolean noStart(int c) {
        int type = Character.getType(c);
        return type == Character.END_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || (c <= 0xFFFF && NO_START.indexOf(c) >= 0);
    }

    private static boolean noEnd(int c) {
        int type = Character.getType(c);
        return type == Character.START_PUNCTUATION || type == Character.INITIAL_QUOTE_PUNCTUATION;
    }

    private static boolean isThai(int c) {
        return c >= 0x0E00 && c <= 0x0E7F;
    }

    private static int[] thaiBreaks(String word) {
        BreakIterator words = BreakIterator.getLineInstance(Locale.forLanguageTag("th"));
        words.setText(word);
        int[] found = new int[word.length()];
        int count = 0;
        for (int b = words.next(); b != BreakIterator.DONE; b = words.next()) {
            found[count++] = b;
        }
        return Arrays.copyOf(found, count);
    }
}
