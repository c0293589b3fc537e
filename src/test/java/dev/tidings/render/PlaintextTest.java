package dev.tidings.render;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Item;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plaintext version of the sample: readable, wrapped at 72 columns, and complete. */
class PlaintextTest {
    private static final Recipient ZOE = new Recipient("zoe.martin@example.org", "Zoë Martin", Map.of());

    @TempDir
    Path dir;

    private static Digest sample;
    private static RenderedEmail email;

    @BeforeAll
    static void render() {
        sample = RenderFixtures.load(RenderFixtures.SAMPLE);
        email = RenderFixtures.prepare(sample, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET).render(ZOE);
    }

    @Test
    void everyLineFitsIn72ColumnsUnlessItIsASingleUrl() {
        assertWrapped(email.text());
    }

    @Test
    void longUrlsInQuotesAndParagraphsAreNeverBrokenAndStillWrapAround() {
        String url = "https://www.example.org/a/very/long/path/that/goes/on/and/on/beyond/seventy-two/columns/of/text?with=query&and=more";
        Path digestFile = RenderFixtures.sampleWith(dir, "urls.yaml",
                "      comment: An impressive piece from Clark, who holds a PhD in cognitive science.",
                "      comment: An impressive piece from Clark, who holds a PhD in cognitive science; see <" + url + "> for his thesis, which is long.",
                "        - >-\n          Social learning adds benefits",
                "        - >-\n          See " + url + " where social learning adds benefits");
        Digest digest = RenderFixtures.load(digestFile);
        String text = RenderFixtures.prepare(digest, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET).render(ZOE).text();
        assertWrapped(text);
        assertTrue(text.contains(url), "the URL is on one line, whole");
        assertTrue(text.contains("\n> " + url), "a URL in a quote keeps the quote prefix: " + text);
    }

    @Test
    void theTitleIsUnderlinedAndItemsAreNumbered() {
        String text = email.text();
        assertTrue(text.startsWith("TrainingZone · 15 September 2026\n\nKey social learning resources part 2\n"
                + "=".repeat("Key social learning resources part 2".length()) + "\n"), text);
        List<Item> items = sample.issue().items();
        int from = 0;
        for (Item item : items) {
            String heading = "\n" + item.number() + ". " + item.title() + "\n<" + item.url() + ">\n";
            int at = text.indexOf(heading, from);
            assertTrue(at > from, "item " + item.number() + " in order: " + heading);
            from = at;
        }
        assertTrue(text.contains("\nHi Zoë,\n"));
    }

    @Test
    void everyQuoteIsAParagraphOfQuotedLines() {
        List<String> quoted = quotedParagraphs(email.text());
        int quotes = 0;
        for (Item item : sample.issue().items()) {
            for (String quote : item.quotes()) {
                assertTrue(quoted.contains(quote.replaceAll("\\s+", " ").strip()), "quoted with '> ' on every line: " + quote);
                quotes++;
            }
        }
        assertEquals(quotes, quoted.size(), "nothing else is quoted");
    }

    @Test
    void everyLinkOfTheHtmlVersionIsInThePlaintextVersion() {
        List<Element> links = Jsoup.parse(email.html()).select("a[href]");
        assertTrue(links.size() > 15, "the sample has many links");
        for (Element link : links) {
            String href = link.attr("href");
            assertTrue(email.text().contains("<" + href + ">"), "missing from the plaintext version, in <...>: " + href);
        }
    }

    @Test
    void itEndsWithTheUnsubscribeLinkAndThePostalAddress() {
        List<String> lines = email.text().lines().toList();
        assertEquals("TrainingZone, 1 Example Street, London EC1A 1AA, United Kingdom", lines.get(lines.size() - 1));
        String unsubscribe = "<" + email.unsubscribeLink() + ">";
        int at = lines.indexOf("-- ");
        assertTrue(at > 0, "a signature separator before the footer");
        String footer = String.join("\n", lines.subList(at, lines.size()));
        assertTrue(footer.contains("Unsubscribe:\n" + unsubscribe + "\n") || footer.contains("Unsubscribe: " + unsubscribe + "\n"), footer);
        assertTrue(footer.contains("zoe.martin@example.org"));
        assertFalse(email.text().contains("\r"), "\\n line ends; the MIME layer makes them CRLF");
        assertFalse(email.text().lines().anyMatch(line -> !line.equals("-- ") && !line.equals(line.stripTrailing())), "no trailing spaces");
    }

    /** Lines of at most 72 code points, except a single URL alone (in angle brackets, or bare as a quote has it; after a quote prefix, maybe). */
    static void assertWrapped(String text) {
        for (String line : text.split("\n", -1)) {
            int width = line.codePointCount(0, line.length());
            assertTrue(width <= IssueRenderer.TEXT_WIDTH || line.matches("(> )*\\s*(<https?://[^\\s<>]+>|https?://\\S+)"),
                    () -> width + " columns: " + line);
        }
    }

    /** The paragraphs whose every line starts with "> ", their lines joined with spaces. */
    private static List<String> quotedParagraphs(String text) {
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : text.split("\n\n+")) {
            List<String> lines = paragraph.strip().lines().toList();
            if (lines.stream().allMatch(line -> line.startsWith("> "))) {
                paragraphs.add(String.join(" ", lines.stream().map(line -> line.substring(2)).toList()));
            } else {
                assertTrue(lines.stream().noneMatch(line -> line.startsWith("> ")), "a paragraph only partly quoted: " + paragraph);
            }
        }
        return paragraphs;
    }
}
