package dev.tidings.curate;

import com.sun.net.httpserver.HttpServer;
import dev.tidings.links.FetchedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidings add --from-feed}'s reading (issue 22): a feed of each kind, as the services that
 * make bookmarks feeds write them, read into bookmarks compared whole; and the feeds that are not
 * feeds, or are hostile, refused in words.
 */
class FeedReaderTest {
    @TempDir
    Path dir;

    @Test
    void blogRss2WithDcCreatorHtmlDescriptionsRelativeLinkGuidAndEntriesWithoutAWebLink() throws Exception {
        FeedRead read = FeedReader.read(fixture("blog-rss2.xml", "https://notes.example.org/feed/", "application/rss+xml"));

        assertEquals(List.of(
                new Bookmark("Why social learning sticks", URI.create("https://notes.example.org/2026/11/social-learning-sticks/"),
                        "Michael Rose", Instant.parse("2026-11-24T09:30:00Z"), "People learn from each other & from the work. Read on…"),
                new Bookmark("AT&T’s training budget", URI.create("https://notes.example.org/2026/11/budget/"),
                        "Jane Bozarth", Instant.parse("2026-11-21T18:00:00Z"), "Budgets cut, training grows."),
                new Bookmark("A guid, no link", URI.create("https://notes.example.org/2026/11/guid-only/"),
                        "Nic Laycock", Instant.parse("2026-11-20T06:00:00Z"), null)), read.bookmarks());
        assertEquals(List.of("entry 4 (\"Nothing to link to\"): no link",
                "entry 5 (\"A script for a link\"): javascript:alert(document.cookie) is not an http or https link"), read.skipped());
    }

    @Test
    void pinboardRss1DatesFromDcDateAndTheBookmarkersUserNameIsNoAuthor() throws Exception {
        FeedRead read = FeedReader.read(fixture("pinboard-rss1.xml", "https://feeds.pinboard.in/rss/u:janehart/", "application/xml"));

        assertEquals(List.of(
                new Bookmark("Apprenticeships are back, and they learn in public", URI.create("https://www.example.com/news/2026/11/23/apprenticeships"),
                        null, Instant.parse("2026-11-23T21:14:05Z"), "Good on the \"working out loud\" part; quote the second paragraph."),
                new Bookmark("Communities of practice, thirty years on", URI.create("https://research.example.edu/papers/communities-of-practice"),
                        null, Instant.parse("2026-11-19T08:02:44Z"), null)), read.bookmarks());
        assertEquals(List.of(), read.skipped());
    }

    @Test
    void atomTakesTheAlternateLinkUnderXmlBaseTheFeedsAuthorAndUpdatedWhenNoPublished() throws Exception {
        FeedRead read = FeedReader.read(fixture("blog-atom.xml", "https://clark.example.net/blog/atom.xml", "application/atom+xml"));

        assertEquals(List.of(
                new Bookmark("Social and informal", URI.create("https://clark.example.net/blog/2026/11/social-and-informal/"),
                        "Clark Quinn", Instant.parse("2026-11-25T17:00:00Z"), "Most learning is social."),
                new Bookmark("Slides: the learning organization", URI.create("https://clark.example.net/talks/learning-organization.html"),
                        "Karl Moore", Instant.parse("2026-11-22T12:00:00Z"), "The talk, annotated.")), read.bookmarks());
        assertEquals(List.of("entry 3 (\"Only a self link\"): no link"), read.skipped());
    }

    /** A reader's starred items as JSON Feed 1.1 (Feedbin's starred feed is RSS, starred/ID.xml: the same shape as the blog's). */
    @Test
    void jsonFeed11StarredItemsKeepTheirOwnAuthors() throws Exception {
        FeedRead read = FeedReader.read(fixture("starred-jsonfeed-1.1.json", "https://reader.example/starred.json", "application/feed+json"));

        assertEquals(List.of(
                new Bookmark("The forgetting curve, revisited", URI.create("https://magazine.example/2026/11/the-forgetting-curve"),
                        "Nic Laycock, A. Coauthor", Instant.parse("2026-11-24T21:45:00Z"), "Ebbinghaus was half right."),
                new Bookmark("Mentors matter more than courses", URI.create("https://news.example.com/learning/mentors"),
                        "Jane Bozarth", Instant.parse("2026-11-22T08:00:00Z"), "A survey of 2,000 workers.")), read.bookmarks());
        assertEquals(List.of("entry 3 (\"A report on FTP\"): ftp://files.example/report.pdf is not an http or https link"), read.skipped());
    }

    @Test
    void jsonFeed10LinkBlogTakesTheExternalUrlAndDropsTheBloggerAsItsAuthor() throws Exception {
        FeedRead read = FeedReader.read(fixture("linkblog-jsonfeed-1.0.json", "https://maya.example.blog/feed.json", "application/json"));

        Bookmark untitled = new Bookmark(null, URI.create("https://maya.example.blog/2026/11/20/note"),
                "Maya", Instant.parse("2026-11-19T22:00:00Z"), "A note of my own, no title.");
        assertEquals(List.of(
                new Bookmark("On mentoring", URI.create("https://mentoring.example.org/essay"),
                        null, Instant.parse("2026-11-25T22:00:00Z"), "Worth reading twice."),
                untitled), read.bookmarks());
        assertEquals(new DraftItem("https://maya.example.blog/2026/11/20/note", "https://maya.example.blog/2026/11/20/note",
                "Maya", null, "A note of my own, no title.", null), untitled.fallbackItem());
    }

    @Test
    void aDecadeOldFeedInLatin1WithAnUnreadableDateGivesNoDateRatherThanFailing() throws Exception {
        FeedRead read = FeedReader.read(fixture("bad-dates-rss2.xml", "http://old.example.net/rss", "text/xml"));

        assertEquals(List.of(
                new Bookmark("Café culture and learning", URI.create("http://old.example.net/2016/cafe"), null, Instant.parse("2016-03-02T19:05:00Z"), null),
                new Bookmark("A date from nowhere", URI.create("http://old.example.net/2016/nowhere"), null, null, null),
                new Bookmark("No date at all", URI.create("http://old.example.net/2016/undated"), null, null, null)), read.bookmarks());
    }

    @Test
    void anEmptyFeedIsNoBookmarksNotAFailure() throws Exception {
        assertEquals(new FeedRead(List.of(), List.of()),
                FeedReader.read(fixture("empty-rss2.xml", "https://raindrop.example/collection/1.rss", "application/rss+xml")));
    }

    @Test
    void theCharsetComesFromTheContentTypeWhenTheXmlDoesNotDeclareOneAndABomIsRead() throws Exception {
        String rss = "<rss version=\"2.0\"><channel><title>t</title><link>https://a.example/</link>"
                + "<item><title>Überall Straße</title><link>https://a.example/x</link></item></channel></rss>";
        FeedRead latin1 = FeedReader.read(page(rss.getBytes(StandardCharsets.ISO_8859_1), "https://a.example/rss", "text/xml; charset=ISO-8859-1"));
        assertEquals("Überall Straße", latin1.bookmarks().get(0).title());

        byte[] utf8 = rss.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertEquals("Überall Straße", FeedReader.read(page(bom, "https://a.example/rss", null)).bookmarks().get(0).title());
    }

    @Test
    void aLongDescriptionIsCutAtAWordNearTheLimit() throws Exception {
        String words = "word ".repeat(200).strip();
        String rss = "<rss version=\"2.0\"><channel><title>t</title><link>https://a.example/</link><item><title>Long</title>"
                + "<link>https://a.example/x</link><description>&lt;p&gt;" + words + "&lt;/p&gt;</description></item></channel></rss>";
        String summary = FeedReader.read(page(rss.getBytes(StandardCharsets.UTF_8), "https://a.example/rss", null)).bookmarks().get(0).summary();

        assertEquals("word ".repeat(99) + "word…", summary);
    }

    @Test
    void rss092AndAGuidThatIsNoPermalink() throws Exception {
        String rss = "<?xml version=\"1.0\"?>\n<rss version=\"0.92\"><channel><title>t</title><link>https://a.example/</link>"
                + "<item><title>Old style</title><link>https://a.example/old</link><description>Text &amp; more</description></item>"
                + "</channel></rss>";
        assertEquals(List.of(new Bookmark("Old style", URI.create("https://a.example/old"), null, null, "Text & more")),
                FeedReader.read(page(rss.getBytes(StandardCharsets.UTF_8), "https://a.example/rss", null)).bookmarks());

        String guid = "<rss version=\"2.0\"><channel><title>t</title><link>https://a.example/</link>"
                + "<item><title>An id, not an address</title><guid isPermaLink=\"false\">https://a.example/id/42</guid></item>"
                + "</channel></rss>";
        FeedRead read = FeedReader.read(page(guid.getBytes(StandardCharsets.UTF_8), "https://a.example/rss", null));
        assertEquals(List.of(), read.bookmarks());
        assertEquals(List.of("entry 1 (\"An id, not an address\"): no link"), read.skipped());
    }

    @Test
    void aLinkBookmarkedTwiceIsOneBookmark() throws Exception {
        String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>x</id><updated>2026-11-25T10:00:00Z</updated>"
                + "<entry><title>Again</title><link href=\"https://a.example/x\"/><id>2</id><updated>2026-11-25T10:00:00Z</updated></entry>"
                + "<entry><title>First</title><link href=\"https://a.example/x\"/><id>1</id><updated>2026-11-20T10:00:00Z</updated></entry>"
                + "</feed>";
        FeedRead read = FeedReader.read(page(atom.getBytes(StandardCharsets.UTF_8), "https://a.example/atom", null));

        assertEquals(List.of(new Bookmark("Again", URI.create("https://a.example/x"), null, Instant.parse("2026-11-25T10:00:00Z"), null)),
                read.bookmarks());
        assertEquals(List.of("entry 2 (\"First\"): the same link as entry 1"), read.skipped());
    }

    @Test
    void anXhtmlPageIsAnHtmlPageNotARefusedDoctype() {
        String xhtml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\""
                + " \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                + "<head><title>Old blog</title></head><body></body></html>";
        assertEquals("not a feed (it is an HTML page: \"Old blog\")", failure(xhtml));
    }

    @Test
    void textIsOneLineOfTextWithinItsLimitsAndAnInternationalHostIsKept() throws Exception {
        String json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{"
                + "\"url\": \"https://bücher.example/neu\","
                + "\"title\": \"Line\\u2028break\\u0085and\\u0000nul\\uD800half\\uFFFFend\\n\\tx\","
                + "\"authors\": [{\"name\": \"" + "A".repeat(400) + "\"}],"
                + "\"summary\": \"" + "x".repeat(2000) + "\"}]}";
        Bookmark bookmark = FeedReader.read(page(json.getBytes(StandardCharsets.UTF_8), "https://xn--bcher-kva.example/feed.json", null)).bookmarks().get(0);

        assertEquals(new Bookmark("Line break andnulhalfend x", URI.create("https://xn--bcher-kva.example/neu"),
                "A".repeat(199) + "…", null, "x".repeat(499) + "…"), bookmark);
        String title = "word ".repeat(100);
        String rss = "<rss version=\"2.0\"><channel><title>t</title><link>https://a.example/</link><item><title>" + title
                + "</title><link>https://a.example/x</link></item></channel></rss>";
        assertEquals("word ".repeat(59) + "word…",
                FeedReader.read(page(rss.getBytes(StandardCharsets.UTF_8), "https://a.example/rss", null)).bookmarks().get(0).title());
    }

    @Test
    void anHtmlPageGivenAsAFeedIsNamedWithTheFeedItLinksTo() {
        FeedFailure failure = assertThrows(FeedFailure.class,
                () -> FeedReader.read(fixture("blog-page.html", "https://notes.example.org/", "text/html; charset=utf-8")));
        assertEquals("not a feed (it is an HTML page: \"Learning Notes – a blog about learning at work\");"
                + " the page names its feed: https://notes.example.org/feed/", failure.getMessage());
    }

    @Test
    void whatIsNoFeedIsRefusedInWords() throws Exception {
        assertEquals("empty (the server sent no bytes)", failure(""));
        assertEquals("not a feed (neither XML nor JSON: it begins \"Hello, world\")", failure("Hello, world\nmore"));
        assertEquals("not a feed (neither XML nor JSON: it begins \"[2J\u00e9t\u00e9, and a line longer than forty…\")",
                failure("\u001b[2J\u009b\u00e9t\u00e9, and a line longer than forty characters, cut"));
        assertEquals("not a feed (XML, but not RSS or Atom)", failure("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
        assertEquals("malformed XML at line 3: The element type \"title\" must be terminated by the matching end-tag \"</title>\".",
                failure("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>x</channel></rss>"));
        assertEquals("not a feed (JSON, but not a JSON Feed: it has no \"version\": \"https://jsonfeed.org/version/1.1\" and \"items\")",
                failure("{\"version\": \"1\", \"items\": []}"));
        assertEquals("not a feed (JSON, but not a JSON Feed: it has no \"version\": \"https://jsonfeed.org/version/1.1\" and \"items\")",
                failure("[{\"url\": \"https://a.example/\"}]"));
        FeedRead escape = FeedReader.read(page(("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"title\": \"T\","
                + " \"url\": \"javascript:\\u001b]0;owned\\u0007\\u001b[2J\"}]}").getBytes(StandardCharsets.UTF_8), "https://a.example/feed", null));
        assertEquals(List.of("entry 1 (\"T\"): \"javascript:]0;owned[2J\" is not a link"), escape.skipped());
        assertTrue(failure("{\n\"version\": \"https://jsonfeed.org/version/1.1\",\n\"items\": [}").startsWith("malformed JSON at line 3: "));
        // Red team: Jackson quoted the bad token with its ESC, and the message went to the terminal as it was.
        assertEquals("malformed JSON at line 1: Unrecognized token 'tru\\x1B': was expecting (JSON String, Number, Array, Object or"
                + " token 'null', 'true' or 'false')", failure("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [tru\u001b[31me]}"));
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedAndNeitherTheFileNorTheServerIsRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret-text");
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String hostile = resource("xxe.xml");
            String local = hostile.replace("SECRET_URI", secret.toUri().toString());
            String remote = hostile.replace("SECRET_URI", "http://127.0.0.1:" + server.getAddress().getPort() + "/entity");
            for (String feed : List.of(local, remote)) {
                FeedFailure failure = assertThrows(FeedFailure.class,
                        () -> FeedReader.read(page(feed.getBytes(StandardCharsets.UTF_8), "https://hostile.example/rss", "application/rss+xml")));
                assertTrue(failure.getMessage().startsWith("refused: the XML declares a DOCTYPE"), failure.getMessage());
                assertFalse(failure.getMessage().contains("the-secret-text"), failure.getMessage());
            }
        } finally {
            server.stop(0);
        }
        assertEquals(0, requests.get(), "the external entity's address was fetched");
    }

    @Test
    void aBillionLaughsIsRefusedBeforeAnyEntityIsExpanded() {
        FeedFailure failure = assertThrows(FeedFailure.class,
                () -> FeedReader.read(fixture("billion-laughs.xml", "https://lol.example/rss", "application/rss+xml")));
        assertTrue(failure.getMessage().startsWith("refused: the XML declares a DOCTYPE"), failure.getMessage());
    }

    private static String failure(String body) {
        return assertThrows(FeedFailure.class,
                () -> FeedReader.read(page(body.getBytes(StandardCharsets.UTF_8), "https://a.example/feed", null))).getMessage();
    }

    private static FetchedPage fixture(String name, String uri, String contentType) throws IOException {
        try (InputStream in = FeedReaderTest.class.getResourceAsStream("/curate/feeds/" + name)) {
            return page(in.readAllBytes(), uri, contentType);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FeedReaderTest.class.getResourceAsStream("/curate/feeds/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static FetchedPage page(byte[] body, String uri, String contentType) {
        return new FetchedPage(URI.create(uri), URI.create(uri), contentType, body);
    }
}
