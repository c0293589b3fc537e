package dev.tidings.render;

import dev.tidings.digest.Digest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The digest is data: markup in any of its fields is shown as the text it is, in the HTML version
 * (escaped, so it stays inert) and in the plaintext version (literally, not entity-encoded).
 */
class EscapingTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ATTRIBUTE_BREAKOUT = "\" onerror=\"alert(2)";

    @TempDir
    static Path dir;

    private static RenderedEmail email;

    @BeforeAll
    static void renderHostileDigest() {
        Path digest = RenderFixtures.sampleWith(dir, "hostile.yaml",
                "  title: Key social learning resources part 2",
                "  title: Key " + SCRIPT + " resources\n  image:\n    url: https://trainingzone.example/hero.png\n    alt: '" + ATTRIBUTE_BREAKOUT + "'",
                "    name: Jane Hart", "    name: Jane " + SCRIPT + " Hart",
                "  standfirst: Jane Hart continues", "  standfirst: Jane Hart " + SCRIPT + " continues",
                "      author: Michael Rose", "      author: Michael " + SCRIPT + " Rose",
                "      source: Forbes", "      source: Forbes " + SCRIPT,
                "        My first piece this week", "        " + SCRIPT + " My first piece this week",
                "        - \". . . not only", "        - \"" + SCRIPT + " . . . not only",
                "    - heading: Join our social learning Twitter chat", "    - heading: Join our " + SCRIPT + " chat",
                "        - title: Key social learning resources part 1", "        - title: Part 1 " + SCRIPT);
        Digest digest1 = RenderFixtures.load(digest);
        PreparedIssue issue = RenderFixtures.prepare(digest1, TemplateSet.defaultTheme(), RenderFixtures.TEST_SECRET);
        email = issue.render(new Recipient("zoe.martin@example.org", "Zoë " + SCRIPT, Map.of("first_name", SCRIPT)));
    }

    @Test
    void theHtmlHasNoScriptElementAndNoEventHandler() {
        Document html = Jsoup.parse(email.html());
        assertTrue(html.select("script").isEmpty(), "no <script> element");
        for (Element element : html.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                assertFalse(attribute.getKey().startsWith("on"), element.outerHtml());
            }
        }
        assertEquals(ATTRIBUTE_BREAKOUT, html.selectFirst("img.hero-image").attr("alt"), "the alt text stays one attribute value");
    }

    @Test
    void theHtmlShowsTheMarkupAsText() {
        Document html = Jsoup.parse(email.html());
        assertTrue(html.title().contains("Key " + SCRIPT + " resources"), html.title());
        assertTrue(html.selectFirst("h1").text().contains(SCRIPT));
        assertTrue(html.selectFirst("p.byline").text().contains("Jane " + SCRIPT + " Hart"));
        assertTrue(html.selectFirst("p.standfirst").text().startsWith("Jane Hart " + SCRIPT + " continues"));
        assertTrue(html.selectFirst("p.greeting").text().equals("Hi " + SCRIPT + ","), html.selectFirst("p.greeting").text());
        assertTrue(html.select("p.item-meta").first().text().contains("Michael " + SCRIPT + " Rose"));
        assertTrue(html.select("p.item-meta").last().text().contains("Forbes " + SCRIPT));
        assertTrue(html.select("div.prose").stream().anyMatch(e -> e.text().startsWith(SCRIPT + " My first piece")));
        assertTrue(html.select("blockquote").first().text().startsWith(SCRIPT + " . . . not only"));
        assertTrue(html.selectFirst("h3.callout-heading").text().contains(SCRIPT));
        assertTrue(html.selectFirst("a.section-link").text().contains(SCRIPT));
        assertTrue(email.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void thePlaintextShowsTheMarkupLiterally() {
        String text = email.text();
        assertTrue(text.contains("\nKey " + SCRIPT + " resources\n"), text);
        assertTrue(text.contains("\nBy Jane " + SCRIPT + " Hart\n"), text);
        assertTrue(text.contains("\nHi " + SCRIPT + ",\n"), text);
        assertTrue(text.contains("\nMichael " + SCRIPT + " Rose\n"), text);
        assertTrue(text.contains("\n" + SCRIPT + " My first piece this week"), text);
        assertTrue(text.contains("\n> " + SCRIPT + " . . . not only"), text);
        assertTrue(text.contains("** Join our " + SCRIPT + " chat **"), text);
        assertTrue(text.contains("- Part 1 " + SCRIPT + "\n"), text);
        assertFalse(text.contains("&lt;") || text.contains("&gt;") || text.contains("&amp;") || text.contains("&#"),
                "no HTML entities in the plaintext version");
    }

    @Test
    void theSubjectIsLiteralToo() {
        assertEquals("Key " + SCRIPT + " resources", email.subject());
    }
}
