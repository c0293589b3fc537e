package dev.tidings.render.markdown;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrapping random mixes of scripts: Latin words and URLs, Japanese and Chinese runs (with their
 * brackets and stops), Korean, Arabic and Hebrew words with their marks, Thai, emoji sequences and
 * combining accents, under a quote prefix or none. Seeded like {@code RenderingPropertiesTest}
 * ({@code -Dtidings.properties.seed=N} explores others; jqwik is not used, see there why).
 */
class TextWrapperPropertiesTest {
    private static final int TRIES = 400;
    private static final long SEED = Long.getLong("tidings.properties.seed", 20261203L);
    private static final String[] CJK = {"学", "ぶ", "こ", "と", "ソ", "ー", "シ", "ャ", "ル", "社", "会", "习", "、", "。",
        "「", "」", "（", "）", "っ", "ニ", "ン", "グ", "々", "！", "？", "・"};
    private static final String[] WORDS = {"소셜", "러닝은", "التعلُّم", "الاجتماعيّ", "לְמִידָה", "חֶבְרָתִית", "cafe\u0301",
        "👩\u200D💻", "👍🏽", "🇯🇵", "❤\uFE0F", "Zoë", "naïve", "e\u200Bf", "\u200Fשלום"};
    private static final String[] THAI = {"การเรียนรู้", "ทางสังคม", "คือ", "ผ่าน", "ปฏิสัมพันธ์", "กับ", "ผู้อื่น"};
    private static final String NO_START = "、。」）！？ーャっ々・";
    private static final String NO_END = "「（";

    static IntStream cases() {
        return IntStream.range(0, TRIES);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void linesFitNothingIsLostAndNoWordOrUrlIsBroken(int number) {
        Random random = new Random(SEED + number);
        String prefix = List.of("", "> ", "> > ").get(random.nextInt(3));
        int width = 68 + random.nextInt(30);
        List<String> whole = new ArrayList<>();
        String text = prefix + text(random, whole);
        String wrapped = TextWrapper.wrap(text, width);
        String context = "seed " + SEED + " case " + number + ", width " + width + ":\n" + text + "\n->\n" + wrapped;

        // each line is the next stretch of the text as written (spaces between its words kept), and a
        // line that begins where the text had no space was broken between CJK characters: kinsoku applies
        String original = text.substring(prefix.length());
        int position = 0;
        String previous = null;
        for (String line : wrapped.split("\n", -1)) {
            assertTrue(line.startsWith(prefix), context);
            String content = line.substring(prefix.length());
            // over the width only as a URL alone on its line (up to 68 columns, and the prefix)
            assertTrue(DisplayWidth.of(line) <= width || whole.contains(content), "too wide: " + line + "\n" + context);
            boolean atSpace = position > 0 && original.charAt(position) == ' ';
            while (original.charAt(position) == ' ') {
                position++;
            }
            assertTrue(original.startsWith(content, position), "not the text as written: " + content + "\n" + context);
            if (previous != null && !atSpace) {
                assertFalse(NO_START.indexOf(content.charAt(0)) >= 0, "starts with " + content + "\n" + context);
                assertFalse(NO_END.indexOf(previous.charAt(previous.length() - 1)) >= 0, "ends with " + previous + "\n" + context);
            }
            position += content.length();
            previous = content;
        }
        assertEquals(original.length(), position, context);
        for (String unbreakable : whole) {
            assertTrue(wrapped.lines().anyMatch(line -> line.contains(unbreakable)), "broken: " + unbreakable + "\n" + context);
        }
        assertEquals(wrapped, TextWrapper.wrap(wrapped, width), "wrapping twice is wrapping once\n" + context);
    }

    /** Some 300 columns of mixed text; the Latin words, URLs and Korean words it holds go into {@code whole}. */
    private static String text(Random random, List<String> whole) {
        StringBuilder text = new StringBuilder();
        while (DisplayWidth.of(text) < 300) {
            boolean space = random.nextInt(3) > 0 || text.isEmpty();
            switch (random.nextInt(6)) {
                case 0 -> {
                    String word = "w" + Integer.toString(random.nextInt(1 << 30), 36) + "-" + "xyz".repeat(random.nextInt(4));
                    whole.add(word);
                    text.append(space ? " " : "").append(word);
                }
                case 1 -> {
                    String url = "https://example.org/" + Integer.toString(random.nextInt(1 << 30), 36) + "/a-b.c?d=e&f=" + "g".repeat(random.nextInt(30));
                    whole.add(url);
                    text.append(text.isEmpty() ? "" : " ").append(url).append(random.nextBoolean() ? " " : "を");
                }
                case 2, 3 -> {
                    int n = 1 + random.nextInt(30);
                    for (int i = 0; i < n; i++) {
                        text.append(CJK[random.nextInt(CJK.length)]);
                    }
                }
                case 4 -> text.append(space ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
                default -> text.append(space ? " " : "").append(THAI[random.nextInt(THAI.length)]);
            }
        }
        return text.toString().strip();
    }
}
