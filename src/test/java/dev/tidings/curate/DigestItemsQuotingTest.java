package dev.tidings.curate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.digest.Image;
import dev.tidings.digest.load.DigestLoader;
import dev.tidings.digest.load.YamlDocument;
import dev.tidings.digest.load.YamlDocumentReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quoting, as a property: for seeded hostile strings (YAML indicators, YAML 1.1 booleans,
 * numbers and dates, quotes, comment markers, line breaks of every kind, control characters,
 * non-ASCII and emoji, leading and trailing spaces), each appended as every text field of an item
 * reads back, through the loader's own YAML reader, as exactly the string; and the rest of the
 * file is the file before.
 */
class DigestItemsQuotingTest {
    private static final String[] PIECES = {
            ": ", " #", "#", "- ", "-", "? ", "'", "\"", "*", "&", "!", "%", "@", "`", "[", "]", "{", "}", "|", ">", ",",
            "yes", "No", "ON", "off", "y", "n", "null", "~", "true", "FALSE", "<<", "=", "3", "-1.5", "0x1F", "0o17",
            "1_000", ".inf", ".NaN", "2026-01-05", "2026-01-05T10:00:00Z", "12:30:00", "1e3", "---", "...",
            " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\uFEFF", "\u0000", "\u0007",
            "\u001B", "\u007F", "\u0080", "\u009F", "\u00A0", "\uFFFE", "\\", "\\n", "é", "Zoë", "日本語", "عربي",
            "😀", "👩‍💻", "🇫🇷", "word", "Title", "a", "https://x.example/?q=1#f", "&amp;", "*emphasis*", "[link](x)"};

    @TempDir
    Path dir;

    @Test
    void everyHostileStringReadsBackAsItWasWritten() throws IOException {
        Random random = new Random(22);
        String original = Files.readString(DigestItemsTest.MINIMAL);
        for (int round = 0; round < 300; round++) {
            Path file = Files.writeString(dir.resolve("round-" + round + ".yaml"), original);
            String title = hostile(random, true);
            String author = hostile(random, false);
            String source = hostile(random, false);
            String summary = hostile(random, false);
            String alt = hostile(random, false);
            DraftItem item = new DraftItem(title, "https://news.example/" + round, author, source, summary,
                    new Image("https://news.example/" + round + ".png", alt));
            DigestItems.open(file).append(List.of(item));
            String context = "round " + round + ": " + List.of(title, author, source, summary, alt) + "\n" + Files.readString(file);

            String after = Files.readString(file);
            assertTrue(after.startsWith(original), context);
            YamlDocument read = new YamlDocumentReader().read(file, file.toString());
            assertNotNull(read.root(), context + read.problems());
            JsonNode added = read.root().path("issue").path("items").path(2);
            assertEquals(title, added.path("title").asText(), context);
            assertEquals("https://news.example/" + round, added.path("url").asText(), context);
            assertField(author, added.path("author"), context);
            assertField(source, added.path("source"), context);
            assertField(MarkdownLiteral.of(summary), added.path("summary"), context);
            assertEquals(alt, added.path("image").path("alt").asText(), context);
            assertEquals(!summary.isEmpty(), added.path("draft").asBoolean(false), context);
        }
    }

    /**
     * The strings a page gives (no control characters, which the drafter removes and validate
     * refuses): the digest validates with them, without an error.
     */
    @Test
    void printableHostileStringsMakeADigestThatValidates() throws IOException {
        Random random = new Random(2022);
        String original = Files.readString(DigestItemsTest.MINIMAL);
        for (int round = 0; round < 60; round++) {
            Path file = Files.writeString(dir.resolve("valid-" + round + ".yaml"), original);
            String title = printable(random, true);
            String summary = printable(random, false);
            DigestItems.open(file).append(List.of(new DraftItem(title, "https://news.example/" + round, printable(random, false),
                    printable(random, false), summary, null)));
            var loaded = new DigestLoader().load(file);
            String context = "round " + round + "\n" + Files.readString(file) + loaded.problems();
            assertTrue(!loaded.hasErrors(), context);
            assertEquals(title, loaded.valid().issue().items().get(2).title(), context);
            assertEquals(summary.isEmpty() ? null : MarkdownLiteral.of(summary), loaded.valid().issue().items().get(2).summary(), context);
        }
    }

    private static void assertField(String expected, JsonNode value, String context) {
        if (expected.isEmpty()) {
            assertTrue(value.isMissingNode(), "an empty value is left out: " + context);
        } else {
            assertEquals(expected, value.asText(), context);
        }
    }

    /** One to six pieces; sometimes a whole special word alone. A title is never blank (a DraftItem has one). */
    private static String hostile(Random random, boolean title) {
        StringBuilder text = new StringBuilder();
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        if (random.nextInt(8) == 0) {
            text.appendCodePoint(0x20 + random.nextInt(0x2FFFF));
        }
        String result = text.toString();
        if (result.codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
            return hostile(random, title); // a lone surrogate is no text at all
        }
        return title && result.isBlank() ? "x" + result : result;
    }

    private static String printable(Random random, boolean title) {
        List<String> allowed = new ArrayList<>();
        for (String piece : PIECES) {
            if (piece.codePoints().allMatch(c -> c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && c != 0x2028 && c != 0x2029
                    && c != 0xFEFF && c != 0xFFFE) && !piece.contains("[link]") && !piece.contains("&amp;")) {
                allowed.add(piece);
            }
        }
        StringBuilder text = new StringBuilder(title ? "T" : "");
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            text.append(allowed.get(random.nextInt(allowed.size())));
        }
        return title ? text.toString().strip() : text.toString().strip();
    }
}
