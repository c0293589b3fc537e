package dev.tidings.curate;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A page's words in an item's Markdown summary render as exactly those words, whatever markup they hold. */
class MarkdownLiteralTest {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().build();

    /** What the paragraph of one line of text renders to, when the Markdown reads it as text only. */
    private static String asText(String line) {
        return "<p>" + line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;") + "</p>\n";
    }

    @Test
    void markupInAPagesDescriptionStaysText() {
        for (String description : List.of(
                "*Not* emphasis, __nor__ this, `nor code`",
                "A [link](javascript:alert(1)) and an ![image](x.png) and <https://auto.link/>",
                "<b>bold?</b> <script>alert(1)</script> &amp; &copy; &#169;",
                "# Not a heading", "> not a quote", "- not a list", "+ nor this", "1. Not a list either", "2) nor this",
                "=== not an underline", "~~~ not a fence", "``` nor this", "a \\ backslash and \\* an escape",
                "Ends with two spaces  ", "Snake_case_words and 5 * 3 = 15")) {
            assertEquals(asText(description.strip()), HTML.render(PARSER.parse(MarkdownLiteral.of(description))), description);
        }
    }

    @Test
    void plainWordsAreLeftAsTheyAre() {
        String words = "A year with Bazel: what it gave us, what it cost, and why we went back to Gradle. It’s a long story.";
        assertEquals(words, MarkdownLiteral.of(words));
    }

    @Test
    void seededPrintableLinesRenderAsThemselves() {
        Random random = new Random(22);
        String alphabet = "ab 1.)#>-+=~*_`[]()<>&!\\|:;'\"/";
        for (int round = 0; round < 2000; round++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0, n = 1 + random.nextInt(24); i < n; i++) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = line.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            String rendered = TextContentRenderer.builder().build().render(PARSER.parse(MarkdownLiteral.of(text)));
            assertEquals(text, rendered, "round " + round + ": " + MarkdownLiteral.of(text));
        }
    }
}
