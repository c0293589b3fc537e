package dev.tidings.cli;

import dev.tidings.render.RenderFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidings render} of an issue whose summaries are Japanese and Arabic: the .txt fits 72 columns (issue 21). */
class RenderWideScriptsTest {
    private static final String JA = "ソーシャルラーニングとは、他者との交流を通じて学ぶことです。"
            + "詳しくは https://example.org/social-learning/2026 を参照してください。";
    private static final String AR = "التعلُّم الاجتماعيّ هو التعلُّم من خلال التفاعل مع الآخرين، ومراقبة سلوكهم ونتائجه، ثم تقليده.";

    @TempDir
    Path dir;

    @Test
    void everyLineOfThePlainTextIsWithin72DisplayColumns() throws Exception {
        Path digest = dir.resolve("wide.yaml");
        Files.writeString(digest, """
                newsletter:
                  name: Example Weekly
                  from: "Example Weekly <news@example.org>"
                  postal_address: "1 Example Street, Exampletown"
                  unsubscribe:
                    url: "https://example.org/unsubscribe?list=weekly"
                  dkim: relay
                issue:
                  title: The first issue
                  preheader: Two articles worth reading
                  date: 2026-01-05
                  items:
                    - title: ソーシャルラーニング
                      url: https://example.org/first
                      summary: "%s"
                    - title: التعلم الاجتماعي
                      url: https://example.org/second
                      summary: "%s"
                """.formatted(JA.repeat(3), AR.repeat(3)));
        CliRun run = CliRun.withEnv(Map.of("TIDINGS_SECRET", RenderFixtures.TEST_SECRET), "render", digest.toString(), "-o", dir.toString());
        assertEquals(0, run.exitCode(), run.all());
        String text = Files.readString(dir.resolve("wide.txt")); // the issue id comes from the file name
        List<String> lines = text.lines().toList();
        for (String line : lines) {
            assertTrue(columns(line) <= 72, columns(line) + " columns: " + line + "\n" + text);
        }
        String joined = String.join("", lines).replace(" ", "");
        assertTrue(joined.contains(JA.repeat(3).replace(" ", "")), "the Japanese summary whole, in order:\n" + text);
        assertTrue(joined.contains(AR.repeat(3).replace(" ", "")), "the Arabic summary whole, in order:\n" + text);
        assertTrue(lines.stream().anyMatch(line -> line.endsWith("https://example.org/social-learning/2026")
                || line.contains("https://example.org/social-learning/2026 ")), "the URL unbroken:\n" + text);
    }

    /** Columns, counted independently of the wrapper: kana, kanji and CJK punctuation 2, marks and format characters 0. */
    private static int columns(String line) {
        return line.codePoints().map(c -> {
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
                return 0;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            boolean wide = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60);
            return wide ? 2 : 1;
        }).sum();
    }
}
