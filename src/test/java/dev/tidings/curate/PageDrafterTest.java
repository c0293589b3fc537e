package dev.tidings.curate;

import dev.tidings.digest.Image;
import dev.tidings.links.FetchedPage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pages written the way WordPress (Yoast), Ghost, Substack, Medium, a news site and a journal
 * write theirs, each drafted and compared whole: the item, and the notes on what was not declared.
 */
class PageDrafterTest {
    static final String HTML_UTF8 = "text/html; charset=UTF-8";

    @Test
    void wordpressWithYoastGraph() {
        // The article's publisher and image are @id references into the graph; its headline has WordPress's &#8211;;
        // og:description has an entity encoded twice; article:author is a Facebook profile, not a name.
        Drafted drafted = draft("wordpress-yoast.html", HTML_UTF8, "https://fieldnotes.example/2026/03/bazel-and-back/?utm_source=weekly");
        assertEquals(new DraftItem("We moved our build to Bazel – and back again", "https://fieldnotes.example/2026/03/bazel-and-back/",
                "Jane Doe", "Field Notes",
                "A year with Bazel: what it gave us, what it cost, and why we went back to Gradle. It’s a long story.",
                new Image("https://fieldnotes.example/wp-content/uploads/2026/03/build-graph.png", "Our build graph in 2025: 1,400 targets")),
                drafted.item());
        assertEquals(List.of(), drafted.notes());
    }

    @Test
    void ghost() {
        Drafted drafted = draft("ghost.html", "text/html; charset=utf-8", "https://slowbits.example/postgres-on-a-pi/");
        assertEquals(new DraftItem("Notes on running Postgres on a Raspberry Pi", "https://slowbits.example/postgres-on-a-pi/",
                "Tomás Ferreira", "Slow Bits", "Eight months, one SD card lost, and a surprising amount of headroom.",
                new Image("https://slowbits.example/content/images/size/w1200/2026/02/pi-rack.jpg", "Notes on running Postgres on a Raspberry Pi")),
                drafted.item());
        assertEquals(List.of("no alt text for the image: the title stands in; describe the image"), drafted.notes());
    }

    @Test
    void substackWithTwoAuthors() {
        Drafted drafted = draft("substack.html", "text/html; charset=utf-8",
                "https://openmargins.substack.com/p/the-quiet-death-of-the-rss-reader?r=2x9&utm_campaign=post&utm_medium=email");
        assertEquals(new DraftItem("The quiet death of the RSS reader", "https://openmargins.substack.com/p/the-quiet-death-of-the-rss-reader",
                "Ana Ruiz, Ben Okafor", "Open Margins", "And why it keeps not dying. A conversation with the people who still build them.",
                new Image("https://substackcdn.example/image/fetch/f_auto,q_auto:good,fl_progressive:steep/"
                        + "https%3A%2F%2Fsubstack-post-media.example%2Fpublic%2Fimages%2F4c1f.png", "The quiet death of the RSS reader")),
                drafted.item());
        assertEquals(List.of("no alt text for the image: the title stands in; describe the image"), drafted.notes());
    }

    @Test
    void mediumWithoutJsonLdTakesTheNameNotTheProfileNorTheHandle() {
        Drafted drafted = draft("medium.html", "text/html; charset=utf-8",
                "https://medium.com/@kimlee/ten-years-of-on-call-in-one-chart-9a1c2d?source=rss-3f1e");
        assertEquals(new DraftItem("Ten years of on-call, in one chart", "https://medium.com/@kimlee/ten-years-of-on-call-in-one-chart-9a1c2d",
                "Kim Lee", "Medium", "Every page I got between 2016 and 2026, plotted by hour. The pattern surprised me.",
                new Image("https://miro.medium.example/v2/resize:fit:1200/1*QmZ3.png", "A heat map of pages by hour of day and day of week")),
                drafted.item());
        assertEquals(List.of(), drafted.notes());
    }

    @Test
    void newsSiteSkipsBrokenJsonLdKeepsTextOnlyAndIgnoresACanonicalOnAnotherHost() {
        Drafted drafted = draft("news.html", "text/html", "https://news.ledger.example/2026/05/14/river-levels-fall");
        assertEquals(new DraftItem("River levels fall after a week of floods in the valley",
                "https://news.ledger.example/2026/05/14/river-levels-fall", "Priya Natarajan, Owen Hughes", "The Daily Ledger",
                "Emergency services say the worst is over, but roads remain closed in three villages.",
                new Image("https://news.ledger.example/images/2026/05/14/flood-1x1.jpg", "A flooded high street seen from a bridge")),
                drafted.item());
        assertEquals(List.of(), drafted.notes());
    }

    @Test
    void scholarlyPageWithCitationTags() {
        Drafted drafted = draft("scholarly.html", "text/html; charset=utf-8", "https://journals.example/jdp/article/142?from=toc");
        assertEquals(new DraftItem("Measuring reader attention in email newsletters", "https://journals.example/jdp/article/142",
                "Adaeze Okonkwo et al.", "Journal of Digital Publishing",
                "We tracked 2.1 million opens of 340 newsletters over eighteen months. Attention concentrates on the first three items;"
                        + " summaries longer than sixty words are skipped by most readers.", null),
                drafted.item());
        assertEquals(List.of("no image declared"), drafted.notes());
    }

    @Test
    void aPageWithNothingButATitle() {
        Drafted drafted = draft("title-only.html", "text/html", "http://gopher-fan.example/~old/");
        assertEquals(new DraftItem("Gopher is still here & serving", "http://gopher-fan.example/~old/", null, null, null, null), drafted.item());
        assertEquals(List.of("title from <title> only", "no author declared", "no description", "no image declared"), drafted.notes());
    }

    @Test
    void windows1252NamedByTheHeader() {
        Drafted drafted = draft("windows-1252-header.html", "text/html; charset=windows-1252", "http://petitjournal.example/cafe.html");
        assertEquals(new DraftItem("“Café culture” – a short history", "http://petitjournal.example/cafe.html", "Renée Marchand",
                "Le Petit Journal", "From the cafés of 1686 to today’s flat whites.", null), drafted.item());
        assertEquals(List.of("title from <title> only", "no image declared"), drafted.notes());
    }

    @Test
    void latin1NamedOnlyByMetaIsReadAsWindows1252() {
        // The ’ is 0x92: a control character in ISO-8859-1, a quote in windows-1252, which is what browsers read.
        Drafted drafted = draft("windows-1252-meta.html", "text/html", "http://garten.example/baeume.htm");
        assertEquals(new DraftItem("Naïve Bäume — Gartentagebuch", "http://garten.example/baeume.htm", "Jürgen Weiß", null,
                "Warum der Apfelbaum nicht trägt, und was ich daraus gelernt hab’.", null), drafted.item());
        assertEquals(List.of("title from <title> only", "no image declared"), drafted.notes());
    }

    @Test
    void aByteOrderMarkOutranksAWrongHeader() {
        Drafted drafted = draft("utf8-bom.html", "text/html; charset=iso-8859-1", "https://koe.example/posts/quiet");
        assertEquals(new DraftItem("静かなニュースレターの作り方", "https://koe.example/posts/quiet", "佐藤 花子", "小さな声", "毎週、五つのリンクだけ。",
                new Image("https://koe.example/images/ogp.png", "机の上のノート")), drafted.item());
        assertEquals(List.of(), drafted.notes());
    }

    @Test
    void aPdfIsTitledFromItsAddress() {
        URI pdf = URI.create("https://example.org/files/Annual%20Report%202025.pdf");
        Drafted drafted = PageDrafter.fromPage(new FetchedPage(pdf, pdf, "application/pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(new Drafted(pdf, new DraftItem("Annual Report 2025.pdf", pdf.toString(), null, null, null, null),
                List.of("not a web page (application/pdf): title from the address; write one"), null), drafted);
    }

    @Test
    void aPageWithNoTitleAtAllIsTitledFromItsAddressOrItsHeading() {
        Drafted bare = html("<p>nothing here</p>", "https://example.org/notes/2026/why-yaml");
        assertEquals(new DraftItem("why-yaml", "https://example.org/notes/2026/why-yaml", null, null, null, null), bare.item());
        assertEquals(List.of("no title declared: title from the address; write one", "no author declared", "no description",
                "no image declared"), bare.notes());
        Drafted heading = html("<h1>  Why <em>YAML</em>?</h1><h1>Second</h1>", "https://example.org/");
        assertEquals("Why YAML?", heading.item().title());
        assertEquals("title from the first <h1> only", heading.notes().get(0));
    }

    @Test
    void aDescriptionTheSizeOfAnArticleIsCutAtASentence() {
        String sentence = "Fifty characters make this sentence, stop and al. ";
        Drafted drafted = html("<title>Long</title><meta name=description content='" + sentence.repeat(40) + "'>", "https://example.org/long");
        String summary = drafted.item().summary();
        assertEquals(sentence.repeat(12).strip(), summary);
        assertEquals("description cut to 600 characters", drafted.notes().get(2));
    }

    @Test
    void markupAndScriptInDeclaredValuesComeOutAsText() {
        Drafted drafted = html("<meta property='og:title' content='&lt;img src=x onerror=alert(1)&gt;Hello &lt;b&gt;world&lt;/b&gt;'>"
                + "<meta name='description' content='a &lt; b, and &lt;script&gt;steal()&lt;/script&gt;done'>", "https://example.org/x");
        assertEquals("Hello world", drafted.item().title());
        assertEquals("a < b, and done", drafted.item().summary());
    }

    @Test
    void aCanonicalOnTheSameHostWinsButNotAnotherSchemeOrHost() {
        assertEquals("https://example.org/a", html("<title>t</title><link rel=canonical href='/a'>", "https://example.org/a?utm_source=x").item().url());
        assertEquals("https://example.org/a?x", html("<title>t</title><link rel=canonical href='javascript:alert(1)'>"
                + "<meta property=og:url content='https://evil.example/a'>", "https://example.org/a?x").item().url());
        // Red team: a WordPress behind a TLS proxy declares http://; the item's link went from https down to it.
        assertEquals("https://example.org/a?x", html("<title>t</title><link rel=canonical href='http://example.org/a'>",
                "https://example.org/a?x").item().url());
        assertEquals("https://example.org/a", html("<title>t</title><link rel=canonical href='https://example.org/a'>",
                "http://example.org/a?x").item().url(), "up to https is fine");
    }

    @Test
    void aRedirectToAnAddressWithAPasswordGivesALinkWithout() {
        // Red team: a server's Location "https://u:pw@example.org/a" went into the item's url as it was, password and all.
        URI asked = URI.create("https://example.org/r");
        URI landed = URI.create("https://u:pw@example.org/a?x=1");
        assertEquals("https://example.org/a?x=1", PageDrafter.fromPage(new FetchedPage(asked, landed, HTML_UTF8,
                "<title>t</title>".getBytes(StandardCharsets.UTF_8))).item().url());
        assertEquals("https://example.org/a?x=1", PageDrafter.fromPage(new FetchedPage(asked, landed, "application/pdf",
                new byte[0])).item().url());
    }

    @Test
    void aTitleOfDirectionMarksAloneIsNoTitle() {
        Drafted drafted = html("<meta property='og:title' content='&#x200E; &#x200F;&#x2066;'><title>Real title</title>", "https://example.org/m");
        assertEquals("Real title", drafted.item().title());
        assertEquals("title from <title> only", drafted.notes().get(0));
    }

    @Test
    void jsonLdWrittenOtherwiseStillCounts() {
        // A list of types, the schema.org URL form, the headline as "name", an author and a publisher as plain strings, a relative image.
        Drafted drafted = html("<script type='application/ld+json'>{\"@context\":\"http://schema.org\",\"@type\":[\"http://schema.org/BlogPosting\"],"
                + "\"name\":\"From its name\",\"author\":\"Sam Writer\",\"publisher\":\"Tiny Blog\",\"image\":\"img/a.png\"}</script>"
                + "<title>From its name | Tiny Blog</title>", "https://example.org/posts/x");
        assertEquals(new DraftItem("From its name", "https://example.org/posts/x", "Sam Writer", "Tiny Blog", null,
                new Image("https://example.org/posts/img/a.png", "From its name")), drafted.item());
    }

    @Test
    void hostileJsonLdIsSkipped() {
        // Nested ten thousand deep (Jackson refuses past 1,000 rather than overflow the stack), and an author who is a URL.
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Drafted drafted = html("<script type='application/ld+json'>" + deep + "</script>"
                + "<script type='application/ld+json'>{\"@type\":\"Article\",\"headline\":\"Kept\",\"author\":\"https://example.org/me\"}</script>"
                + "<meta name=author content='Real Name'>", "https://example.org/y");
        assertEquals(new DraftItem("Kept", "https://example.org/y", "Real Name", null, null, null), drafted.item());
    }

    private static Drafted html(String body, String url) {
        URI uri = URI.create(url);
        return PageDrafter.fromPage(new FetchedPage(uri, uri, HTML_UTF8, body.getBytes(StandardCharsets.UTF_8)));
    }

    static Drafted draft(String fixture, String contentType, String url) {
        URI uri = URI.create(url);
        return PageDrafter.fromPage(new FetchedPage(uri, uri, contentType, fixture(fixture)));
    }

    static byte[] fixture(String name) {
        try (InputStream in = PageDrafterTest.class.getResourceAsStream("/curate/pages/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
