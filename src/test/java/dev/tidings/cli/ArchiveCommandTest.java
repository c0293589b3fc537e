package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import dev.tidings.render.IssueCalendar;
import dev.tidings.render.RenderFixtures;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import dev.tidings.curate.DigestItems;
import dev.tidings.curate.DraftItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidings archive} end to end: the site on disk, its feeds parsed back as readers would. */
class ArchiveCommandTest {
    private static final Path SAMPLE = Path.of("samples/social-learning-2.yaml");
    private static final Path EVENTS = Path.of("src/test/resources/digests/good/events.yaml");
    private static final Path MINIMAL = Path.of("src/test/resources/digests/good/minimal.yaml");
    private static final String BASE = "https://news.example.org/archive/";

    @TempDir
    Path dir;

    private Path site() {
        return dir.resolve("site");
    }

    private CliRun archive(Object... digestsThenOptions) {
        List<String> args = new ArrayList<>(List.of("archive", "-o", site().toString()));
        for (Object arg : digestsThenOptions) {
            args.add(arg.toString());
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun archiveAll() {
        return archive(SAMPLE, EVENTS, MINIMAL, "--base-url", BASE);
    }

    @Test
    void aPagePerIssueAnIndexNewestFirstAndBothFeeds() throws Exception {
        CliRun run = archiveAll();
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.err());
        assertTrue(run.out().endsWith(site() + ": 3 issues, 8 written, 0 unchanged\n"), run.out());
        try (Stream<Path> files = Files.walk(site())) {
            assertEquals(List.of("feed.json", "feed.xml", "index.html", "minimal/index.html", "social-learning-2/index.html",
                            "winter-gathering/community-call-what-we-learned-in-2026.ics", "winter-gathering/index.html",
                            "winter-gathering/reading-group-cafe-zoe-room-2.ics"),
                    files.filter(Files::isRegularFile).map(f -> site().relativize(f).toString()).sorted().toList());
        }

        Document index = page("index.html");
        assertEquals(List.of("winter-gathering/index.html", "social-learning-2/index.html", "minimal/index.html"),
                index.select("a[href]").stream().map(a -> a.attr("href")).filter(h -> h.endsWith("/index.html") && !h.startsWith("http")).toList(),
                "newest first, by relative URL");
        assertEquals(List.of("The winter gathering", "Key social learning resources part 2", "The first issue"),
                index.select("li.issue h3 a").eachText());
    }

    @Test
    void theIndexLinksToTheSignupFormOfServeWhenTheNewsletterHasAPublicUrl() throws Exception {
        String minimal = Files.readString(MINIMAL);
        Path served = Files.writeString(dir.resolve("served.yaml"), minimal.replace("  unsubscribe:\n",
                "  public_url: https://news.example.org/letters\n  unsubscribe:\n"));
        CliRun run = archive(served, "--base-url", BASE);
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("https://news.example.org/letters/subscribe", page("index.html").selectFirst("a:contains(Subscribe by email)").attr("href"));
        assertEquals("https://news.example.org/letters/subscribe", page("served/index.html").selectFirst("a:contains(Subscribe)").attr("href"),
                "each issue's page links to the form too");
        assertEquals(0, archive(MINIMAL, "--base-url", BASE).exitCode());
        assertTrue(page("index.html").select("a:contains(Subscribe)").isEmpty(), "no form, no link");
        assertTrue(page("minimal/index.html").select("a:contains(Subscribe)").isEmpty(), "no form, no link");
    }

    @Test
    void theAtomFeedParsesWithItsEntriesNewestFirstAndAbsoluteLinks() throws Exception {
        assertEquals(0, archiveAll().exitCode());
        SyndFeed feed = new SyndFeedInput().build(new StringReader(Files.readString(site().resolve("feed.xml"))));

        assertEquals("atom_1.0", feed.getFeedType());
        assertEquals("Example Weekly", feed.getTitle());
        assertEquals(BASE, feed.getUri());
        assertEquals(BASE + "feed.xml", link(feed.getLinks(), "self"));
        List<SyndEntry> entries = feed.getEntries();
        assertEquals(List.of(BASE + "winter-gathering/", BASE + "social-learning-2/", BASE + "minimal/"),
                entries.stream().map(SyndEntry::getUri).toList());
        SyndEntry winter = entries.get(0);
        assertEquals("The winter gathering", winter.getTitle());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), winter.getPublishedDate().toInstant());
        assertEquals(BASE + "winter-gathering/", winter.getLink());
        assertEquals(List.of(BASE + "winter-gathering/community-call-what-we-learned-in-2026.ics",
                        BASE + "winter-gathering/reading-group-cafe-zoe-room-2.ics"),
                winter.getLinks().stream().filter(l -> "related".equals(l.getRel())).map(SyndLink::getHref).toList());
        assertEquals("Two events before the holidays", winter.getDescription().getValue());
        SyndContent content = winter.getContents().get(0);
        assertEquals("html", content.getType());
        Document body = Jsoup.parseBodyFragment(content.getValue());
        assertTrue(body.text().contains("Community call: what we learned in 2026"), body.text());
        assertFalse(body.text().contains("Two events before the holidays"), "the hidden preheader is left out");
        for (Element link : body.select("a[href]")) {
            assertTrue(URI.create(link.attr("href")).isAbsolute(), "a relative link in the feed: " + link.attr("href"));
        }
        assertEquals("Jane Hart", entries.get(1).getAuthor(), "the issue's author");
    }

    @Test
    void theJsonFeedHoldsWhatVersionOnePointOneRequires() throws Exception {
        assertEquals(0, archiveAll().exitCode());
        JsonNode feed = new ObjectMapper().readTree(site().resolve("feed.json").toFile());

        assertEquals("https://jsonfeed.org/version/1.1", feed.path("version").asText());
        assertEquals("Example Weekly", feed.path("title").asText());
        assertEquals(BASE, feed.path("home_page_url").asText());
        assertEquals(BASE + "feed.json", feed.path("feed_url").asText());
        JsonNode items = feed.path("items");
        assertEquals(3, items.size());
        for (JsonNode item : items) {
            assertTrue(item.path("id").isTextual() && !item.path("id").asText().isEmpty(), "every item needs an id: " + item);
            assertTrue(item.path("content_html").isTextual(), "content_html or content_text is required");
            Instant.parse(item.path("date_published").asText()); // RFC 3339
            assertEquals(item.path("id").asText(), item.path("url").asText());
        }
        assertEquals(BASE + "winter-gathering/", items.get(0).path("url").asText());
        assertEquals("text/calendar", items.get(0).path("attachments").path(0).path("mime_type").asText());
    }

    @Test
    void anIssuePageHasNothingPersonalAndLinksItsEventsBesideIt() throws Exception {
        assertEquals(0, archiveAll().exitCode());
        String html = Files.readString(site().resolve("winter-gathering/index.html"));
        Document page = Jsoup.parse(html);

        assertFalse(html.contains("reader@example.invalid"), "no recipient's address");
        assertFalse(html.contains("unsubscribe"), "no unsubscribe link: " + page.select("a[href*=unsubscribe]"));
        assertFalse(html.contains("You are receiving"), html);
        assertFalse(html.contains("utm_"), "the archive's links are as the editor wrote them");
        assertEquals(List.of("community-call-what-we-learned-in-2026.ics", "reading-group-cafe-zoe-room-2.ics"),
                page.select("a:contains(Add to calendar)").eachAttr("href"));
        assertEquals("../index.html", page.selectFirst("a:contains(All issues)").attr("href"));
        assertEquals("../feed.xml", page.selectFirst("link[type=application/atom+xml]").attr("href"));
        var calendars = IssueCalendar.files(RenderFixtures.load(EVENTS));
        assertArrayEquals(calendars.get(0).bytes(), Files.readAllBytes(site().resolve("winter-gathering/" + calendars.get(0).fileName())),
                "the archive's .ics is the one the email attaches");
    }

    @Test
    void everyRelativeLinkOfTheSiteResolvesToAFileOfTheSite() throws Exception {
        assertEquals(0, archiveAll().exitCode());
        List<Path> pages;
        try (Stream<Path> files = Files.walk(site())) {
            pages = files.filter(f -> f.toString().endsWith(".html")).toList();
        }
        int checked = 0;
        for (Path page : pages) {
            Document document = Jsoup.parse(page.toFile());
            for (Element link : document.select("a[href], link[href]")) {
                String href = link.attr("href");
                if (URI.create(href).isAbsolute()) {
                    continue;
                }
                Path target = page.getParent().resolve(href).normalize();
                if (href.endsWith("/")) {
                    target = target.resolve("index.html");
                }
                assertTrue(Files.isRegularFile(target), page + " links to " + href + ", which is not in the site");
                checked++;
            }
        }
        assertTrue(checked >= 12, "relative links checked: " + checked);
    }

    @Test
    void theEmailsViewInBrowserLinkIsWhereTheArchivePublishesTheIssue() throws Exception {
        // events.yaml sets archive_url https://example.org/archive: no --base-url needed.
        assertEquals(0, archive(EVENTS).exitCode());
        CliRun render = CliRun.of("render", EVENTS.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, render.exitCode(), render.all());
        Document email = Jsoup.parse(dir.resolve("out/winter-gathering.html").toFile());
        String webVersion = email.selectFirst("a:contains(View in browser)").attr("href");
        assertEquals("https://example.org/archive/winter-gathering/", webVersion);
        assertTrue(Files.isRegularFile(site().resolve(URI.create("https://example.org/archive/").relativize(URI.create(webVersion)).getPath())
                .resolve("index.html")));
        SyndFeed feed = new SyndFeedInput().build(new StringReader(Files.readString(site().resolve("feed.xml"))));
        assertEquals(webVersion, feed.getEntries().get(0).getUri());
    }

    @Test
    void aReRunRewritesOnlyWhatChanged() throws Exception {
        assertEquals(0, archiveAll().exitCode());
        Map<Path, FileTime> before = ageEveryFile();

        CliRun again = archiveAll();
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(site() + ": 3 issues, 0 written, 8 unchanged\n", again.out());
        assertEquals(before, modificationTimes(), "nothing touched");

        Path edited = Files.writeString(dir.resolve("minimal.yaml"),
                Files.readString(MINIMAL).replace("title: The first issue", "title: The very first issue"));
        CliRun afterEdit = archive(SAMPLE, EVENTS, edited, "--base-url", BASE);
        assertEquals(0, afterEdit.exitCode(), afterEdit.all());
        Map<Path, FileTime> after = modificationTimes();
        List<String> changed = before.keySet().stream().filter(f -> !before.get(f).equals(after.get(f)))
                .map(f -> site().relativize(f).toString()).sorted().toList();
        assertEquals(List.of("feed.json", "feed.xml", "index.html", "minimal/index.html"), changed);
        assertTrue(afterEdit.out().endsWith("4 written, 4 unchanged\n"), afterEdit.out());
    }

    @Test
    void oneInvalidDigestStopsEverythingAndWritesNothing() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), Files.readString(MINIMAL).replace("  date: 2026-01-05\n", ""));
        CliRun run = archive(SAMPLE, broken, "--base-url", BASE);

        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains(broken + ":"), run.err());
        assertTrue(run.err().contains("issue.date"), run.err());
        assertTrue(run.err().endsWith("tidings: 1 of 2 digests invalid; nothing written to " + site() + "\n"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(site()));
    }

    @Test
    void anIssueWithADraftItemIsNotPublished() throws Exception {
        Path drafted = Files.copy(SAMPLE, dir.resolve("drafted.yaml"));
        DigestItems.open(drafted).append(List.of(new DraftItem("Drafted", "https://news.example/drafted", null, null,
                "The page's own description.", null)));
        int draftLine = Files.readAllLines(drafted).indexOf(
                "      draft: true  # the summary is the page's own description: rewrite it, then delete this line") + 1;
        CliRun run = archive(drafted, "--base-url", BASE);

        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains(drafted + ":" + draftLine + ":14: issue.items[5].draft: item 6 is a draft by tidings add: its"
                + " summary is the page's own description; rewrite it, then delete `draft: true`; nothing was published\n"), run.err());
        assertTrue(run.err().endsWith("tidings: 1 of 1 digests invalid; nothing written to " + site() + "\n"), run.err());
        assertFalse(Files.exists(site()), "the page's own words went nowhere");
    }

    @Test
    void twoIssuesWithOneIdAreRefusedNamingBothFiles() throws Exception {
        Path copy = Files.copy(MINIMAL, dir.resolve("copy.yaml"));
        Path again = Files.writeString(dir.resolve("again.yaml"), Files.readString(MINIMAL).replace("date: 2026-01-05", "id: copy\n  date: 2026-01-06"));
        CliRun run = archive(copy, again, "--base-url", BASE);

        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("\"copy\" is also the id of " + copy), run.err());
        assertFalse(Files.exists(site()));
    }

    @Test
    void anIssueIdNamingAFileOfTheArchiveIsRefusedByValidateAndArchiveWritesNothing() throws Exception {
        for (String id : List.of("feed.xml", "feed.json", "index.html", "Index.HTML")) {
            Path digest = Files.writeString(dir.resolve("named-" + id + ".yaml"),
                    Files.readString(MINIMAL).replace("  date: 2026-01-05", "  id: " + id + "\n  date: 2026-01-05"));
            CliRun validate = CliRun.of("validate", digest.toString());
            assertEquals(1, validate.exitCode(), validate.all());
            assertTrue(validate.out().startsWith(digest + ":12:7: issue.id: '" + id + "' is the name of a file at the top of the web"
                    + " archive (feed.json, feed.xml, index.html), where each issue has a directory named by its id; choose another id\n"),
                    validate.out());

            CliRun run = archive(SAMPLE, digest, "--base-url", BASE);
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().endsWith("tidings: 1 of 2 digests invalid; nothing written to " + site() + "\n"), run.err());
            assertFalse(Files.exists(site()), id + ": nothing written");
        }
        // The id a file name gives is held to the same rule, and the message says where it comes from.
        Path named = Files.copy(MINIMAL, dir.resolve("feed.json.yaml"));
        CliRun run = archive(named, "--base-url", BASE);
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains(named + ":9:1: issue.id: the file name gives the id 'feed.json', which is the name of a file at"
                + " the top of the web archive"), run.err());
        assertTrue(run.err().contains("choose another id with issue.id\n"), run.err());
        assertFalse(Files.exists(site()));
    }

    @Test
    void theIdsValidationRefusesAreExactlyTheFilesTheArchiveWritesBesideTheIssues() throws Exception {
        assertEquals(0, archiveAll().exitCode());
        try (Stream<Path> top = Files.list(site())) {
            assertEquals(new java.util.TreeSet<>(dev.tidings.digest.Issue.ARCHIVE_NAMES),
                    top.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        }
    }

    @Test
    void withoutArchiveUrlOrBaseUrlTheFeedsCannotBeBuilt() {
        CliRun run = archive(MINIMAL);
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("tidings: " + MINIMAL + ": newsletter.archive_url is not set, and the feeds need the site's public URL;"
                + " set it in the digest or pass --base-url URL\n", run.err());
        assertFalse(Files.exists(site()));
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        CliRun relative = archive(MINIMAL, "--base-url", "/archive/");
        assertEquals(2, relative.exitCode(), relative.all());
        assertTrue(relative.err().startsWith("tidings: --base-url must be an absolute http or https URL"), relative.err());

        CliRun zero = archive(MINIMAL, "--base-url", BASE, "--feed-size", "0");
        assertEquals(2, zero.exitCode(), zero.all());

        Files.writeString(site(), "a file");
        CliRun file = archive(MINIMAL, "--base-url", BASE);
        assertEquals(1, file.exitCode(), file.all());
        assertTrue(file.err().contains("is a file, not a directory"), file.err());
    }

    @Test
    void theFeedsCarryOnlyTheNewestIssuesButTheIndexListsAll() throws Exception {
        assertEquals(0, archive(SAMPLE, EVENTS, MINIMAL, "--base-url", BASE, "--feed-size", "2").exitCode());
        SyndFeed feed = new SyndFeedInput().build(new StringReader(Files.readString(site().resolve("feed.xml"))));
        assertEquals(2, feed.getEntries().size());
        assertEquals(2, new ObjectMapper().readTree(site().resolve("feed.json").toFile()).path("items").size());
        assertEquals(3, page("index.html").select("li.issue h3 a").size());
    }

    @Test
    void aThemeWithoutAnIndexTemplateGetsTheDefaultIndex() throws Exception {
        Path theme = RenderFixtures.theme(dir, "theme", """
                <!DOCTYPE html><html lang="en"><head><title>${issue.title}</title></head>
                <body><p>CUSTOM ${view} ${issue.title}</p></body></html>""", RenderFixtures.plainTextTemplate());
        CliRun run = archive(MINIMAL, "--base-url", BASE, "--template", theme);
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("CUSTOM web The first issue", page("minimal/index.html").selectFirst("p").text());
        assertEquals(List.of("The first issue"), page("index.html").select("li.issue h3 a").eachText());
    }

    private Document page(String path) throws IOException {
        return Jsoup.parse(site().resolve(path).toFile());
    }

    private static String link(List<SyndLink> links, String rel) {
        return links.stream().filter(l -> rel.equals(l.getRel())).map(SyndLink::getHref).findFirst().orElseThrow();
    }

    /** Sets every file's modification time an hour back, so that a rewrite shows whatever the clock's resolution. */
    private Map<Path, FileTime> ageEveryFile() throws IOException {
        FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
        try (Stream<Path> files = Files.walk(site())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, past);
            }
        }
        return modificationTimes();
    }

    private Map<Path, FileTime> modificationTimes() throws IOException {
        Map<Path, FileTime> times = new HashMap<>();
        try (Stream<Path> files = Files.walk(site())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        return times;
    }
}
