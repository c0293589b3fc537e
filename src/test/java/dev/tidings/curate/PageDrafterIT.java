package dev.tidings.curate;

import dev.tidings.Deadlines;
import dev.tidings.digest.Image;
import dev.tidings.links.LinkCheckSettings;
import dev.tidings.links.LinkServer;
import dev.tidings.links.PageFetcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pages drafted through a real web server on loopback: the bytes and headers as sent, redirects, and failures as drafts. */
class PageDrafterIT {
    private static LinkServer server;
    private static PageDrafter drafter;

    @BeforeAll
    static void start() throws IOException {
        server = LinkServer.start();
        server.page("wordpress", "text/html; charset=UTF-8", PageDrafterTest.fixture("wordpress-yoast.html"));
        server.page("cafe", "text/html; charset=windows-1252", PageDrafterTest.fixture("windows-1252-header.html"));
        server.page("garten", "text/html", PageDrafterTest.fixture("windows-1252-meta.html"));
        server.page("report.pdf", "application/pdf", "%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        drafter = new PageDrafter(new PageFetcher(new LinkCheckSettings(Deadlines.seconds(10), Deadlines.seconds(10), 8, 2,
                "tidings/test (newsletter curation)")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWordPressPostReachedThroughARedirect() throws InterruptedException {
        URI asked = URI.create(server.url("/go/wordpress?utm_source=weekly"));
        Drafted drafted = drafter.draft(asked);
        // Its canonical address is on fieldnotes.example, not the host it was fetched from: the link stays where the redirect ended.
        assertEquals(new Drafted(asked, new DraftItem("We moved our build to Bazel – and back again", server.url("/pages/wordpress"),
                "Jane Doe", "Field Notes",
                "A year with Bazel: what it gave us, what it cost, and why we went back to Gradle. It’s a long story.",
                new Image("https://fieldnotes.example/wp-content/uploads/2026/03/build-graph.png", "Our build graph in 2025: 1,400 targets")),
                List.of(), null), drafted);
    }

    @Test
    void theCharsetFromTheHeaderOrFromTheMetaTag() throws InterruptedException {
        assertEquals(new DraftItem("“Café culture” – a short history", server.url("/pages/cafe"), "Renée Marchand", "Le Petit Journal",
                "From the cafés of 1686 to today’s flat whites.", null), drafter.draft(URI.create(server.url("/pages/cafe"))).item());
        assertEquals("Warum der Apfelbaum nicht trägt, und was ich daraus gelernt hab’.",
                drafter.draft(URI.create(server.url("/pages/garten"))).item().summary());
    }

    @Test
    void aPdfGetsAnItemTitledFromItsAddress() throws InterruptedException {
        URI pdf = URI.create(server.url("/pages/report.pdf"));
        assertEquals(new Drafted(pdf, new DraftItem("report.pdf", pdf.toString(), null, null, null, null),
                List.of("not a web page (application/pdf): title from the address; write one"), null), drafter.draft(pdf));
    }

    @Test
    void aPageThatCannotBeHadIsADraftWithItsFailure() throws InterruptedException {
        URI missing = URI.create(server.url("/missing"));
        assertEquals(new Drafted(missing, null, List.of(), "answered 404 Not Found"), drafter.draft(missing));
        URI loop = URI.create(server.url("/loop-a"));
        assertEquals("redirect loop: " + server.url("/loop-a") + " -> " + server.url("/loop-b") + " -> " + server.url("/loop-a"),
                drafter.draft(loop).failure());
        URI huge = URI.create(server.url("/huge-streamed"));
        assertEquals(new Drafted(huge, null, List.of(), "larger than 2 MB"), drafter.draft(huge));
    }
}
